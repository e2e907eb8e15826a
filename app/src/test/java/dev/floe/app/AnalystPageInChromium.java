package dev.floe.app;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.floe.endpoint.EndpointConfig;
import dev.floe.endpoint.EndpointServer;
import dev.floe.sparql.access.ApiKeys;
import dev.floe.store.GeoStore;
import dev.floe.triplify.ProgressListener;

/**
 * The analyst page in a real headless Chromium (Debian's chromium and chromium-driver, which .ci/run installs)
 * against the demo data served on loopback, by an open server and by one that needs a read key: the browser, the
 * servers and the steps the page's tests share. Files the page downloads land in the temporary folder's downloads/.
 */
abstract class AnalystPageInChromium {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    static Path tmp;
    static GeoStore store;
    static EndpointServer server;
    /** The same store behind a server that needs a read key. */
    static EndpointServer closed;
    static final String READ_KEY = "page-read-key-0123456789";
    static WebDriver browser;

    @BeforeAll
    static void start() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && System.getenv("CI") != null) {
            throw new IllegalStateException("CI must have Debian's chromium and chromium-driver (see .ci/run)");
        }
        assumeTrue(installed, "Chromium is not installed: apt-get install chromium chromium-driver");
        store = GeoStore.open(tmp.resolve("store"));
        DemoData.install(store, line -> { }, ProgressListener.NONE);
        DemoPredictions.write(store);
        server = EndpointServer.start(store, EndpointConfig.loopback(0));
        closed = EndpointServer.start(store, EndpointConfig.loopback(0).withKeys(ApiKeys.NONE, ApiKeys.of(READ_KEY)));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,900", "--user-data-dir=" + tmp.resolve("chromium-profile"));
        options.setExperimentalOption("prefs", Map.of("download.default_directory", tmp.resolve("downloads").toString(),
                "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            closed.close();
            server.close();
            store.close();
        }
    }

    static WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    static void openPage() {
        openPage(server);
    }

    static void openPage(EndpointServer on) {
        browser.get(on.baseUri().toString());
        waiting().until(d -> !"0".equals(d.findElement(By.id("examples")).getDomAttribute("data-loaded"))
                && d.findElement(By.id("examples")).getDomAttribute("data-loaded") != null);
    }

    static void runAndWait() {
        browser.findElement(By.id("run")).click();
        waiting().until(d -> {
            String s = d.findElement(By.tagName("body")).getDomAttribute("data-state");
            return "done".equals(s) || "error".equals(s);
        });
    }

    static void setQuery(String text) {
        ((JavascriptExecutor) browser).executeScript("document.querySelector('.CodeMirror').CodeMirror.setValue(arguments[0])", text);
    }

    static String editorText() {
        return (String) ((JavascriptExecutor) browser).executeScript("return document.querySelector('.CodeMirror').CodeMirror.getValue()");
    }

    static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    static int count(String css) {
        return browser.findElements(By.cssSelector(css)).size();
    }

    static List<String> texts(String css) {
        return browser.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
    }

    static void runExample(String name) {
        new Select(browser.findElement(By.id("examples"))).selectByValue(name);
        runAndWait();
    }

    static void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }
}
