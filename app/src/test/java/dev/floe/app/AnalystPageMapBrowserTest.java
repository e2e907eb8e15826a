package dev.floe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The analyst page's map in a real headless Chromium against the demo data: every curated query about places puts
 * them on the map, a layer per geometry column with a toggle, features coloured by a chosen column, an IRI described
 * inside the page with its geometry, and the Antarctic polar projection. Screenshots go to target/.
 */
class AnalystPageMapBrowserTest extends AnalystPageInChromium {

    @Test
    void everyCuratedQueryAboutPlacesPutsThemOnTheMap() throws Exception {
        openPage();
        // rows times geometry columns: each curated query selects the WKT of what it is about
        Map<String, Integer> shapes = Map.of("clear-sentinel-2-over-croatia", 5, "countries-per-product", 52,
                "ice-shelves-covered-by-one-scene", 10, "ice-shelves-under-sentinel-1", 4, "places-in-sentinel-2-footprints", 10,
                "seas-containing-glaciated-areas", 3, "seas-under-sar-products", 12, "sentinel-1-footprints", 7, "predicted-land-cover", 3);
        for (Map.Entry<String, Integer> e : new java.util.TreeMap<>(shapes).entrySet()) {
            runExample(e.getKey());
            assertEquals("done", browser.findElement(By.tagName("body")).getDomAttribute("data-state"), e.getKey());
            assertEquals(String.valueOf(e.getValue()), browser.findElement(By.id("map")).getDomAttribute("data-shapes"), e.getKey());
            assertEquals((int) e.getValue(), count("#map path.floe-shape"), e.getKey());
        }
        runExample("seas-under-sar-products");
        Thread.sleep(500);
        screenshot("analyst-page-curated-seas.png");
    }

    @Test
    void eachGeometryColumnIsALayerWithItsOwnStyleAndAToggle() throws Exception {
        openPage();
        runExample("ice-shelves-covered-by-one-scene");
        assertEquals(List.of("footprint (5)", "shelfWkt (5)"), texts("#layers .floe-layer-name"));
        assertEquals(5, count("#map path.floe-layer-footprint"));
        assertEquals(5, count("#map path.floe-layer-shelfWkt"));
        String footprintStroke = browser.findElement(By.cssSelector("#map path.floe-layer-footprint")).getDomAttribute("stroke");
        String shelfStroke = browser.findElement(By.cssSelector("#map path.floe-layer-shelfWkt")).getDomAttribute("stroke");
        assertTrue(!footprintStroke.equals(shelfStroke), footprintStroke + " for both layers");
        Thread.sleep(500);
        screenshot("analyst-page-layers.png");

        WebElement shelfToggle = browser.findElements(By.cssSelector("#layers input.leaflet-control-layers-selector")).get(1);
        shelfToggle.click();
        assertEquals(0, count("#map path.floe-layer-shelfWkt"), "the shelves are hidden");
        assertEquals(5, count("#map path.floe-layer-footprint"), "the footprints stay");
        screenshot("analyst-page-layers-toggled.png");
        shelfToggle.click();
        assertEquals(5, count("#map path.floe-layer-shelfWkt"));
    }

    @Test
    void aGeoJsonColumnIsALayerBesideAWktColumn() throws Exception {
        openPage();
        setQuery("PREFIX geo: <http://www.opengis.net/ont/geosparql#>\n"
                + "SELECT ?name ?area ?centre WHERE {\n  VALUES (?name ?area ?centre) {\n"
                + "    (\"a\" \"POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))\"^^geo:wktLiteral \"{\\\"type\\\": \\\"Point\\\", \\\"coordinates\\\": [0.5, 0.5]}\"^^geo:geoJSONLiteral)\n"
                + "    (\"b\" \"POLYGON((2 0, 3 0, 3 1, 2 1, 2 0))\"^^geo:wktLiteral \"{\\\"type\\\": \\\"Point\\\", \\\"coordinates\\\": [2.5, 0.5]}\"^^geo:geoJSONLiteral)\n"
                + "  }\n}\n");
        runAndWait();
        assertEquals(List.of("area (2)", "centre (2)"), texts("#layers .floe-layer-name"));
        assertEquals(2, count("#map path.floe-layer-area"));
        assertEquals(2, count("#map path.floe-layer-centre"));
        assertEquals("4 shapes on the map", browser.findElement(By.id("map-status")).getText());
        assertEquals(List.of("— layer colours —", "name"), new Select(browser.findElement(By.id("colour-by"))).getOptions().stream()
                .map(WebElement::getText).toList(), "geometry columns are not offered for colouring");
    }

    @Test
    void featuresAreColouredByTheChosenColumnWithALegend() throws Exception {
        openPage();
        setQuery("PREFIX geo: <http://www.opengis.net/ont/geosparql#>\n"
                + "SELECT ?name ?class ?cloud ?area WHERE {\n  VALUES (?name ?class ?cloud ?area) {\n"
                + "    (\"a\" \"ice\" 5 \"POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))\"^^geo:wktLiteral)\n"
                + "    (\"b\" \"water\" 20 \"POLYGON((2 0, 3 0, 3 1, 2 1, 2 0))\"^^geo:wktLiteral)\n"
                + "    (\"c\" \"ice\" 45 \"POLYGON((4 0, 5 0, 5 1, 4 1, 4 0))\"^^geo:wktLiteral)\n"
                + "    (\"d\" \"cloud\" 50 \"POLYGON((6 0, 7 0, 7 1, 6 1, 6 0))\"^^geo:wktLiteral)\n  }\n}\n");
        runAndWait();
        Select colourBy = new Select(browser.findElement(By.id("colour-by")));
        assertEquals(List.of("— layer colours —", "name", "class", "cloud"), colourBy.getOptions().stream().map(WebElement::getText).toList());
        assertEquals("class", colourBy.getFirstSelectedOption().getAttribute("value"), "a ?class column colours at first");
        assertEquals(List.of("ice (2)", "water (1)", "cloud (1)"), texts("#legend .floe-legend-entry"));
        List<String> byClass = strokes();
        assertEquals(byClass.get(0), byClass.get(2), "both ice areas in one colour");
        assertEquals(3, byClass.stream().distinct().count());

        colourBy.selectByValue("cloud");
        assertEquals("cloud", browser.findElement(By.cssSelector("#legend strong")).getText());
        assertEquals(List.of("5 – 14 (1)", "14 – 23 (1)", "23 – 32 (0)", "32 – 41 (0)", "41 – 50 (2)"), texts("#legend .floe-legend-entry"));
        List<String> byCloud = strokes();
        assertEquals(byCloud.get(2), byCloud.get(3), "45 and 50 in the top range");
        assertEquals(3, byCloud.stream().distinct().count());
        assertTrue(!byCloud.get(0).equals(byClass.get(0)), "the ramp is not the class palette");
        Thread.sleep(300);
        screenshot("analyst-page-colour-by.png");

        colourBy.selectByValue("");
        assertTrue(!browser.findElement(By.id("legend")).isDisplayed());
        assertEquals(1, strokes().stream().distinct().count(), "one layer, one colour");
    }

    static List<String> strokes() {
        return browser.findElements(By.cssSelector("#map path.floe-shape")).stream().map(p -> p.getDomAttribute("stroke")).toList();
    }

    @Test
    void anIriOpensItsDescriptionWithItsGeometryAndLinks() throws Exception {
        openPage();
        setQuery("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                + "SELECT ?shelf ?name WHERE { VALUES ?shelf { <https://w3id.org/floe/data/ice-shelves/74> } ?shelf rdfs:label ?name }\n");
        runAndWait();
        browser.findElement(By.cssSelector("#results a.iri")).click();
        waiting().until(d -> "done".equals(d.findElement(By.id("describe")).getDomAttribute("data-state")));
        assertTrue(!browser.findElement(By.id("table-wrap")).isDisplayed(), "the description takes the table's place");
        assertEquals("<https://w3id.org/floe/data/ice-shelves/74>", browser.findElement(By.id("describe-iri")).getText());
        assertEquals("https://w3id.org/floe/data/ice-shelves/74", browser.findElement(By.id("describe-open")).getDomAttribute("href"));
        List<String> properties = texts("#describe-out tbody tr");
        assertTrue(properties.contains("rdfs:label Sulzberger Ice Shelf"), properties.toString());
        assertTrue(properties.contains("rdf:type floe:IceShelf"), properties.toString());
        assertEquals("1", browser.findElement(By.id("map")).getDomAttribute("data-described"));
        assertEquals(1, count("#map path.floe-described-shape"));
        assertEquals("1 geometry on the map", browser.findElement(By.id("describe-geometry")).getText());
        List<WebElement> covering = browser.findElements(By.cssSelector("#describe-in tbody tr")).stream()
                .filter(tr -> tr.findElements(By.tagName("td")).get(1).getText().equals("floe:covers")).toList();
        assertEquals(1, covering.size(), texts("#describe-in tbody tr").toString());
        Thread.sleep(300);
        screenshot("analyst-page-describe.png");

        // a link in describes the product that covers the shelf; Back returns, Close shows the results again
        covering.get(0).findElement(By.cssSelector("a.iri")).click();
        waiting().until(d -> !d.findElement(By.id("describe-iri")).getText().contains("ice-shelves/74")
                && "done".equals(d.findElement(By.id("describe")).getDomAttribute("data-state")));
        assertTrue(texts("#describe-out tbody tr").contains("floe:productId S1A_EW_GRDM_1SDH_20240325T094655_20240325T094811_053136_066FDB"),
                texts("#describe-out tbody tr").toString());
        browser.findElement(By.id("describe-back")).click();
        waiting().until(d -> d.findElement(By.id("describe-iri")).getText().contains("ice-shelves/74")
                && "done".equals(d.findElement(By.id("describe")).getDomAttribute("data-state")));
        browser.findElement(By.id("describe-close")).click();
        assertTrue(!browser.findElement(By.id("describe")).isDisplayed());
        assertEquals(1, count("#results tbody tr"));
        assertEquals(0, count("#map path.floe-described-shape"));
    }

    @Test
    void antarcticResultsAreDrawnInThePolarProjection() throws Exception {
        openPage();
        runExample("ice-shelves-under-sentinel-1");
        assertEquals("4", browser.findElement(By.id("map")).getDomAttribute("data-shapes"));
        new Select(browser.findElement(By.id("projection"))).selectByValue("polar");
        waiting().until(d -> "polar".equals(d.findElement(By.id("map")).getDomAttribute("data-projection")));
        assertEquals("EPSG:3031", js("return window.floeMap.options.crs.code"));
        assertEquals(4, count("#map path.floe-shape"), "the footprints and shelves are drawn again");
        for (WebElement path : browser.findElements(By.cssSelector("#map path.floe-shape"))) {
            String d = path.getDomAttribute("d");
            assertTrue(d != null && d.length() > 10 && !d.contains("NaN"), d);
        }
        waiting().until(x -> count("#map path:not(.floe-shape)") > 0); // the southern basemap
        Thread.sleep(500);
        screenshot("analyst-page-polar.png");

        new Select(browser.findElement(By.id("projection"))).selectByValue("mercator");
        waiting().until(d -> "mercator".equals(d.findElement(By.id("map")).getDomAttribute("data-projection")));
        assertEquals(4, count("#map path.floe-shape"));
    }
}
