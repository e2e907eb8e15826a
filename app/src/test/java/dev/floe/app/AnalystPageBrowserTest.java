package dev.floe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The analyst page in a real headless Chromium against the demo data served on loopback: pick an example, run it,
 * read the table, count the shapes on the map, page through a large result, see a server error, keep the history and
 * saved queries, download the answer, and query a server that needs a read key. Screenshots go to target/.
 */
class AnalystPageBrowserTest extends AnalystPageInChromium {

    @Test
    void exampleQueryFillsTheTableAndDrawsEveryFootprint() throws Exception {
        openPage();
        Select examples = new Select(browser.findElement(By.id("examples")));
        examples.selectByValue("sentinel-1-footprints");
        assertTrue(browser.findElement(By.id("example-description")).getText().startsWith("Every SAR product"));
        runAndWait();
        List<WebElement> rows = browser.findElements(By.cssSelector("#results tbody tr"));
        assertEquals(7, rows.size());
        assertTrue(rows.get(0).getText().contains("S1A_EW_GRDM_1SDH_20240325T094655_20240325T094811_053136_066FDB"), rows.get(0).getText());
        assertEquals("7", browser.findElement(By.id("map")).getDomAttribute("data-shapes"));
        assertEquals(7, browser.findElements(By.cssSelector("#map path.floe-shape")).size());
        assertEquals("7 shapes on the map", browser.findElement(By.id("map-status")).getText());
        assertTrue(browser.findElement(By.id("status")).getText().startsWith("7 rows in "));
        Thread.sleep(500); // let Leaflet's zoom animation settle before the picture
        screenshot("analyst-page.png");

        // clicking a shape selects its row
        ((JavascriptExecutor) browser).executeScript(
                "document.querySelectorAll('#map path.floe-shape')[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))");
        waiting().until(d -> !d.findElements(By.cssSelector("#results tbody tr.selected")).isEmpty());
        assertTrue(browser.findElement(By.cssSelector("#results tbody tr.selected")).getText().startsWith("1 S1A_EW_GRDM"),
                browser.findElement(By.cssSelector("#results tbody tr.selected")).getText());
    }

    @Test
    void predictionsAreColouredByClassWithALegend() throws Exception {
        openPage();
        new Select(browser.findElement(By.id("examples"))).selectByValue("predicted-land-cover");
        runAndWait();
        assertEquals(3, browser.findElements(By.cssSelector("#results tbody tr")).size());
        assertEquals("3", browser.findElement(By.id("map")).getDomAttribute("data-shapes"));
        WebElement legend = browser.findElement(By.id("legend"));
        assertTrue(legend.isDisplayed());
        List<WebElement> entries = legend.findElements(By.cssSelector(".floe-legend-entry"));
        assertEquals(List.of("vegetation (2)", "cloud high probability (1)"), entries.stream().map(WebElement::getText).toList());
        List<WebElement> shapes = browser.findElements(By.cssSelector("#map path.floe-shape"));
        assertEquals(3, shapes.size());
        assertEquals(2, shapes.stream().map(p -> p.getDomAttribute("stroke")).distinct().count(), "one colour per class");
        screenshot("analyst-page-predictions.png");

        // a result without ?class has no legend
        new Select(browser.findElement(By.id("examples"))).selectByValue("sentinel-1-footprints");
        runAndWait();
        assertTrue(!browser.findElement(By.id("legend")).isDisplayed());
    }

    @Test
    void largeResultsArePaged() {
        openPage();
        ((JavascriptExecutor) browser).executeScript("document.querySelector('.CodeMirror').CodeMirror.setValue("
                + "'PREFIX floe: <https://w3id.org/floe/ontology#> PREFIX geo: <http://www.opengis.net/ont/geosparql#> "
                + "SELECT ?place ?wkt WHERE { ?place a floe:PopulatedPlace ; geo:hasDefaultGeometry/geo:asWKT ?wkt } ORDER BY ?place')");
        runAndWait();
        assertEquals(50, browser.findElements(By.cssSelector("#results tbody tr")).size());
        assertEquals("1–50 of 1249", browser.findElement(By.id("page-label")).getText());
        assertEquals("1249", browser.findElement(By.id("map")).getDomAttribute("data-shapes"));
        browser.findElement(By.id("next")).click();
        assertEquals("51–100 of 1249", browser.findElement(By.id("page-label")).getText());
        assertEquals("51", browser.findElements(By.cssSelector("#results tbody tr td")).get(0).getText());
    }

    @Test
    void missingWellKnownPrefixesAreDeclaredOnRequest() {
        openPage();
        ((JavascriptExecutor) browser).executeScript("document.querySelector('.CodeMirror').CodeMirror.setValue("
                + "'SELECT ?shelf WHERE { ?s a floe:IceShelf ; rdfs:label ?shelf ; geo:hasDefaultGeometry ?g . "
                + "FILTER(?shelf = \"Ross Ice Shelf\") }')");
        browser.findElement(By.id("add-prefixes")).click();
        String text = (String) ((JavascriptExecutor) browser).executeScript("return document.querySelector('.CodeMirror').CodeMirror.getValue()");
        assertTrue(text.startsWith("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                + "PREFIX geo: <http://www.opengis.net/ont/geosparql#>\n"
                + "PREFIX floe: <https://w3id.org/floe/ontology#>\nSELECT ?shelf"), text);
        runAndWait();
        assertEquals(2, browser.findElements(By.cssSelector("#results tbody tr")).size());
    }

    @Test
    void aSyntaxErrorIsMarkedInTheEditorAndClearsTheOldResults() throws Exception {
        openPage();
        new Select(browser.findElement(By.id("examples"))).selectByValue("sentinel-1-footprints");
        runAndWait();
        assertEquals(7, browser.findElements(By.cssSelector("#results tbody tr")).size());
        setQuery("SELECT ?x WHERE {\n  ?x ?y }\n");
        runAndWait();
        WebElement error = browser.findElement(By.id("error"));
        assertTrue(error.isDisplayed());
        assertEquals("The server answered 400 Bad Request:\nSPARQL syntax error: unexpected \"}\" at line 2, column 9",
                browser.findElement(By.id("error-message")).getText());
        assertTrue(!browser.findElement(By.id("error-hint")).isDisplayed(), "no hint fits");
        assertEquals(0, browser.findElements(By.cssSelector("#results tbody tr")).size(), "the old rows are gone");
        assertEquals("0", browser.findElement(By.id("map")).getDomAttribute("data-shapes"));
        assertTrue(!browser.findElement(By.id("downloads")).isDisplayed());
        assertEquals("}", browser.findElement(By.cssSelector(".CodeMirror .floe-error-token")).getText());
        List<WebElement> marked = browser.findElements(By.cssSelector(".CodeMirror-code > div"));
        assertTrue(marked.get(1).findElements(By.cssSelector(".floe-error-line")).size() == 1, "line 2 is marked");
        assertTrue(marked.get(0).findElements(By.cssSelector(".floe-error-line")).isEmpty(), "line 1 is not");
        screenshot("analyst-page-error.png");

        // an edit clears the mark
        ((JavascriptExecutor) browser).executeScript("document.querySelector('.CodeMirror').CodeMirror.replaceRange('?z', {line: 1, ch: 7})");
        assertTrue(browser.findElements(By.cssSelector(".CodeMirror .floe-error-token, .CodeMirror .floe-error-line")).isEmpty());
    }

    @Test
    void anUndeclaredWellKnownPrefixGetsTheLineToAdd() throws Exception {
        openPage();
        setQuery("SELECT ?shelf WHERE { ?shelf a floe:IceShelf }");
        runAndWait();
        assertEquals("The server answered 400 Bad Request:\nSPARQL syntax error: Line 1, column 32: Unresolved prefixed name: floe:IceShelf",
                browser.findElement(By.id("error-message")).getText());
        String hint = browser.findElement(By.id("error-hint")).getText();
        assertTrue(hint.contains("PREFIX floe: <https://w3id.org/floe/ontology#>"), hint);
        assertEquals("floe:IceShelf", browser.findElement(By.cssSelector(".CodeMirror .floe-error-token")).getText());
        screenshot("analyst-page-error-prefix.png");
    }

    @Test
    void anUpdateSentToTheQueryEndpointPointsToUpdate() throws Exception {
        openPage();
        setQuery("PREFIX floe: <https://w3id.org/floe/ontology#>\nINSERT DATA { <urn:x:a> a floe:IceShelf }");
        runAndWait();
        assertTrue(browser.findElement(By.id("error-message")).getText().startsWith("The server answered 400 Bad Request:\nSPARQL syntax error: "),
                browser.findElement(By.id("error-message")).getText());
        assertEquals("This is a SPARQL Update: the query endpoint only reads. Send it to /update (POST, with a write key).",
                browser.findElement(By.id("error-hint")).getText());
        screenshot("analyst-page-error-update.png");
    }

    @Test
    void numbersAreShownAsNumbersWithTheirDatatypeOnHover() throws Exception {
        openPage();
        setQuery("PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
                + "SELECT ?ratio ?count ?big ?exact ?tiny ?name WHERE {\n"
                + "  VALUES (?ratio ?count ?big ?exact ?tiny ?name) {\n"
                + "    (0.43e0 42 12345678901234567890 0.1000000000000000055511151231257827 \"1.0E-7\"^^xsd:double \"forty-two\")\n"
                + "  }\n}\n");
        runAndWait();
        List<WebElement> cells = browser.findElements(By.cssSelector("#results tbody td"));
        assertEquals(List.of("1", "0.43", "42", "12345678901234567890", "0.1000000000000000055511151231257827", "1e-7", "forty-two"),
                cells.stream().map(WebElement::getText).toList());
        List<WebElement> numbers = browser.findElements(By.cssSelector("#results tbody td .num"));
        assertEquals(List.of("xsd:double, written 0.43e0", "xsd:integer", "xsd:integer", "xsd:decimal", "xsd:double, written 1.0E-7"),
                numbers.stream().map(n -> n.getDomAttribute("title")).toList());
        assertEquals("right", cells.get(1).getCssValue("text-align"));
        assertEquals("left", cells.get(6).getCssValue("text-align"), "a string is not a number");
        screenshot("analyst-page-numbers.png");
    }

    @Test
    void aLinkWithAQueryOpensItInTheEditor() throws Exception {
        browser.get("about:blank");
        String fragment = "#query=PREFIX%20floe%3A%20%3Chttps%3A%2F%2Fw3id.org%2Ffloe%2Fontology%23%3E%0A"
                + "SELECT%20%3Fshelf%20WHERE%20%7B%20%3Fshelf%20a%20floe%3AIceShelf%20%7D%20LIMIT%202";
        browser.get(server.baseUri() + fragment);
        waiting().until(d -> d.findElement(By.id("examples")).getDomAttribute("data-loaded") != null);
        assertEquals("PREFIX floe: <https://w3id.org/floe/ontology#>\nSELECT ?shelf WHERE { ?shelf a floe:IceShelf } LIMIT 2", editorText());
        assertEquals("Query from the link: press Run (Ctrl-Enter) to run it", browser.findElement(By.id("status")).getText());
        assertEquals(0, browser.findElements(By.cssSelector("#results tbody tr")).size(), "opening a link does not run it");
        screenshot("analyst-page-link.png");
        runAndWait();
        assertEquals(2, browser.findElements(By.cssSelector("#results tbody tr")).size());
        assertEquals(server.baseUri() + fragment, browser.getCurrentUrl(), "running puts the query in the link");

        // a query run puts its own text in the link
        setQuery("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1");
        runAndWait();
        assertEquals(server.baseUri() + "#query=SELECT%20%3Fs%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D%20LIMIT%201", browser.getCurrentUrl());
    }

    @Test
    void theLastQueryIsKeptAndEarlierOnesComeBackFromTheHistory() throws Exception {
        openPage();
        ((JavascriptExecutor) browser).executeScript("localStorage.clear()");
        browser.get("about:blank");
        openPage();
        assertTrue(editorText().startsWith("PREFIX geo:"), "with nothing kept the page opens with its default query");
        assertTrue(!browser.findElement(By.id("history")).isEnabled(), "no history yet");
        String first = "PREFIX floe: <https://w3id.org/floe/ontology#>\nSELECT ?shelf WHERE { ?shelf a floe:IceShelf } LIMIT 1\n";
        String second = "SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }\n";
        setQuery(first);
        runAndWait();
        setQuery(second);
        runAndWait();
        setQuery(first); // run again: still one entry, moved to the top
        runAndWait();
        setQuery(second);
        runAndWait();

        browser.navigate().refresh();
        waiting().until(d -> d.findElement(By.id("examples")).getDomAttribute("data-loaded") != null);
        assertEquals(second, editorText());
        Select history = new Select(browser.findElement(By.id("history")));
        assertEquals(List.of("— recent queries —", "SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }",
                "SELECT ?shelf WHERE { ?shelf a floe:IceShelf } LIMIT 1"), history.getOptions().stream().map(WebElement::getText).toList());
        history.selectByIndex(2);
        assertEquals(first, editorText());
        assertTrue(browser.findElement(By.id("status")).getText().startsWith("Query from the history (run "),
                browser.findElement(By.id("status")).getText());
        screenshot("analyst-page-history.png");

        // the page opened without a link brings back the text last in the editor
        browser.get("about:blank");
        openPage();
        assertEquals(first, editorText());
    }

    @Test
    void downloadLinksFetchTheResultsInTheServersFormats() throws Exception {
        openPage();
        new Select(browser.findElement(By.id("examples"))).selectByValue("sentinel-1-footprints");
        runAndWait();
        assertEquals(7, browser.findElements(By.cssSelector("#results tbody tr")).size());
        assertTrue(browser.findElement(By.id("downloads")).isDisplayed());
        List<String> vars = browser.findElements(By.cssSelector("#results thead th")).stream().skip(1).map(WebElement::getText).toList();
        screenshot("analyst-page-downloads.png");

        HttpResponse<String> csv = download("csv", "floe-results.csv");
        List<String> csvLines = csv.body().lines().toList();
        assertEquals(String.join(",", vars), csvLines.get(0));
        assertEquals(8, csvLines.size(), csv.body());
        assertTrue(csvLines.get(1).startsWith("S1A_EW_GRDM_1SDH_20240325T094655_20240325T094811_053136_066FDB,"), csvLines.get(1));

        HttpResponse<String> tsv = download("tsv", "floe-results.tsv");
        List<String> tsvLines = tsv.body().lines().toList();
        assertEquals(String.join("\t", vars.stream().map(v -> "?" + v).toList()), tsvLines.get(0));
        assertEquals(8, tsvLines.size(), tsv.body());

        HttpResponse<String> json = download("json", "floe-results.srj");
        JsonNode results = new ObjectMapper().readTree(json.body());
        assertEquals(vars, StreamSupport.stream(results.path("head").path("vars").spliterator(), false).map(JsonNode::asText).toList());
        assertEquals(7, results.path("results").path("bindings").size());

        HttpResponse<String> geojson = download("geojson", "floe-results.geojson");
        JsonNode features = new ObjectMapper().readTree(geojson.body());
        assertEquals("FeatureCollection", features.path("type").asText());
        assertEquals(7, features.path("features").size());
        assertEquals("Polygon", features.path("features").path(0).path("geometry").path("type").asText());

        // an ASK answer has no rows to map: no GeoJSON link
        setQuery("ASK { ?s ?p ?o }");
        runAndWait();
        assertTrue(browser.findElement(By.id("download-csv")).isDisplayed());
        assertTrue(!browser.findElement(By.id("download-geojson")).isDisplayed());
        assertEquals("true", download("csv", "floe-results.csv").body().lines().skip(1).findFirst().orElseThrow());
    }

    @Test
    void aServerThatNeedsAReadKeyAnswersOnceTheKeyIsEntered() throws Exception {
        openPage(closed);
        js("sessionStorage.clear()");
        browser.get(closed.baseUri().toString());
        waiting().until(d -> d.findElement(By.id("examples")).getDomAttribute("data-loaded") != null);
        setQuery("PREFIX floe: <https://w3id.org/floe/ontology#>\nSELECT ?shelf WHERE { ?shelf a floe:IceShelf } ORDER BY ?shelf LIMIT 3\n");
        runAndWait();
        assertEquals("The server answered 401 Unauthorized:\nthis server needs an API key for reads",
                browser.findElement(By.id("error-message")).getText());
        assertEquals("This server needs an API key for reads: enter it in the Key field (kept for this browser session only).",
                browser.findElement(By.id("error-hint")).getText());
        assertEquals(0, count("#results tbody tr"));
        screenshot("analyst-page-key-missing.png");

        WebElement key = browser.findElement(By.id("api-key"));
        assertEquals("password", key.getDomAttribute("type"));
        key.sendKeys(READ_KEY + "\t");
        runAndWait();
        assertEquals(3, count("#results tbody tr"));
        assertEquals(READ_KEY, js("return sessionStorage.getItem('floe.apiKey')"));
        screenshot("analyst-page-key.png");

        // a download fetches with the key and saves the answer
        Path saved = tmp.resolve("downloads").resolve("floe-results.csv");
        Files.deleteIfExists(saved);
        browser.findElement(By.id("download-csv")).click();
        waiting().until(d -> Files.exists(saved));
        waiting().until(d -> {
            try {
                return Files.readString(saved).lines().count() == 4;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        List<String> lines = Files.readString(saved).lines().toList();
        assertEquals("shelf", lines.get(0));
        assertTrue(lines.get(1).startsWith("https://w3id.org/floe/data/ice-shelves/"), lines.get(1));

        // the key stays for the session: a reload answers at once
        browser.navigate().refresh();
        waiting().until(d -> d.findElement(By.id("examples")).getDomAttribute("data-loaded") != null);
        assertEquals(READ_KEY, browser.findElement(By.id("api-key")).getDomProperty("value"));
        runAndWait();
        assertEquals(3, count("#results tbody tr"));
    }

    @Test
    void queriesSavedUnderANameComeBackAfterAReload() throws Exception {
        openPage();
        js("localStorage.clear()");
        browser.get("about:blank");
        openPage();
        assertTrue(!browser.findElement(By.id("saved")).isEnabled(), "nothing saved yet");
        String first = "PREFIX floe: <https://w3id.org/floe/ontology#>\nSELECT ?sea WHERE { ?sea a floe:Sea } LIMIT 3\n";
        String second = "SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }\n";
        setQuery(first);
        browser.findElement(By.id("save-name")).sendKeys("three seas");
        browser.findElement(By.id("save-as")).click();
        setQuery(second);
        browser.findElement(By.id("save-name")).sendKeys("all triples");
        browser.findElement(By.id("save-as")).click();
        assertEquals("Saved as \"all triples\" in this browser", browser.findElement(By.id("status")).getText());

        browser.navigate().refresh();
        waiting().until(d -> d.findElement(By.id("examples")).getDomAttribute("data-loaded") != null);
        Select savedQueries = new Select(browser.findElement(By.id("saved")));
        assertEquals(List.of("— saved queries —", "all triples", "three seas"), savedQueries.getOptions().stream().map(WebElement::getText).toList());
        savedQueries.selectByVisibleText("three seas");
        assertEquals(first, editorText());
        runAndWait();
        assertEquals(3, count("#results tbody tr"));
        screenshot("analyst-page-saved.png");

        browser.findElement(By.id("delete-saved")).click();
        assertEquals(List.of("— saved queries —", "all triples"),
                new Select(browser.findElement(By.id("saved"))).getOptions().stream().map(WebElement::getText).toList());
    }

    /**
     * Fetches what the page's download link for a format points at, with the Accept header of a browser following it.
     * The body is checked, not the Content-Type: a GET to /sparql in this module's test runtime is answered without one
     * (a POST has it; floe-endpoint's own EndpointServerTest sees it on GET), to be found apart from the page.
     */
    static HttpResponse<String> download(String format, String fileName) throws Exception {
        WebElement link = browser.findElement(By.id("download-" + format));
        assertEquals(fileName, link.getDomAttribute("download"));
        HttpRequest get = HttpRequest.newBuilder(URI.create(link.getDomProperty("href")))
                .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8").build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(get, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r;
    }
}
