package dev.loupe.server;

import static dev.loupe.server.ServerFixture.ids;
import static dev.loupe.server.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.engine.Loupe;
import dev.loupe.engine.LoupeConfig;
import dev.loupe.engine.catalog.CsvCatalog;
import dev.loupe.engine.catalog.SourceScanner;
import dev.loupe.engine.index.IndexListener;
import dev.loupe.testing.ClipFixture;
import dev.loupe.testing.SharedData;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in a real headless Chromium against a real server over the 30-photo Caltech index
 * ({@link ServerFixture}): one browser and one server for the class, every wait bounded. A screenshot of each test's
 * last state goes to {@code target/screenshots/WebPageBrowserTest-TEST.png}.
 */
class WebPageBrowserTest {
  @TempDir static Path tmp;
  static ServerFixture fixture;
  static ServerFixture.Running server;
  static ChromeDriver browser;
  static final Duration WAIT = Duration.ofSeconds(20);
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  /** Test photos (not in the index) of classes that are. */
  static final Path LOTUS_QUERY = SharedData.caltechTest().resolve("lotus/image_0003.jpg");
  static final String AIRPLANE = "airplanes/image_0001.jpg";
  static final String LOTUS = "lotus/image_0001.jpg";
  static final int WIDTH = 1280;
  static final int HEIGHT = 900;

  @BeforeAll
  static void start() throws Exception {
    fixture = ServerFixture.build(tmp.resolve("fixture"));
    server = new ServerFixture.Running(fixture.options(), fixture.config);
    browser = HeadlessChromium.start(tmp.resolve("profile"), WIDTH, HEIGHT);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (browser != null) browser.quit();
    } finally {
      if (server != null) server.close();
    }
  }

  @BeforeEach
  void freshPage() {
    browser.manage().window().setSize(new Dimension(WIDTH, HEIGHT));
    // about:blank first: a new document, so no state (an upload in memory, a rendered grid) leaks between tests.
    browser.get("about:blank");
    browser.get(server.server.url());
    waitFor("the index's facts", () -> browser.findElement(By.id("facts")).getText().contains("30 items"));
    browser.manage().logs().get(LogType.BROWSER); // drains the log: each test reads only its own entries
  }

  @AfterEach
  void screenshot(TestInfo test) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    String name = getClass().getSimpleName() + "-" + test.getTestMethod().orElseThrow().getName() + ".png";
    Files.write(SCREENSHOTS.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
  }

  @Test
  void anUploadedPhotoFindsItsClassAmongTheTopResults() {
    assertFalse(browser.findElement(By.id("text-row")).isDisplayed(), "no text box: the index has no text tower");
    browser.findElement(By.id("file")).sendKeys(LOTUS_QUERY.toAbsolutePath().toString());
    List<String> shown = awaitResults("#q=upload");
    assertEquals(24, shown.size(), "k defaults to 24");
    for (String id : shown.subList(0, 5)) assertTrue(id.startsWith("lotus/"), "5 lotus neighbours first: " + shown);
    assertTrue(browser.findElement(By.id("preview")).isDisplayed(), "the uploaded image is shown");
    WebElement first = browser.findElement(By.cssSelector("#results .card"));
    assertTrue(first.findElement(By.cssSelector(".score")).getText().matches("0\\.\\d{3}"), first.getText());
    assertTrue(first.findElement(By.cssSelector(".meta")).getText().contains("lotus"), "metadata on the card: " + first.getText());
    String thumb = first.findElement(By.cssSelector("img")).getAttribute("src");
    assertTrue(thumb.startsWith(server.server.url() + "items/lotus%2F") && thumb.contains("size=256"), thumb);
    assertTrue((Boolean) js("return document.querySelector('#results img').complete"
        + " && document.querySelector('#results img').naturalWidth > 0"), "the thumbnail loaded");

    // Changing an option keeps the upload (in memory) and re-runs it.
    WebElement k = browser.findElement(By.id("k"));
    k.clear();
    k.sendKeys("6", Keys.TAB);
    List<String> six = awaitResults("#q=upload&k=6");
    assertEquals(shown.subList(0, 6), six);
  }

  @Test
  void aDroppedOrPastedImageIsSearchedBy() {
    // The browser's own drag-and-drop and clipboard events, carrying a File made of an indexed photo's bytes (the
    // page's own origin serves them): the page must read the file from the event, as from a real drop or paste.
    String make = "const bytes = await (await fetch('/items/' + encodeURIComponent(arguments[0]) + '/image')).arrayBuffer();"
        + "const data = new DataTransfer(); data.items.add(new File([bytes], 'photo.jpg', {type: 'image/jpeg'}));";
    browser.executeAsyncScript("const done = arguments[arguments.length - 1]; (async () => {" + make
        + "document.getElementById('drop').dispatchEvent(new DragEvent('drop', {dataTransfer: data, bubbles: true,"
        + " cancelable: true})); done(); })();", LOTUS);
    List<String> dropped = awaitResults("#q=upload");
    assertEquals(LOTUS, dropped.get(0), "the dropped photo is in the index: it comes first");
    open("q=" + form("item:" + AIRPLANE));
    awaitResults("#q=" + form("item:" + AIRPLANE));
    browser.executeAsyncScript("const done = arguments[arguments.length - 1]; (async () => {" + make
        + "document.body.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true,"
        + " cancelable: true})); done(); })();", "watch/image_0001.jpg");
    List<String> pasted = awaitResults("#q=upload");
    assertEquals("watch/image_0001.jpg", pasted.get(0), "the pasted photo comes first");
  }

  @Test
  void clickingAResultSearchesByItAndChangesTheUrl() throws Exception {
    browser.findElement(By.id("file")).sendKeys(LOTUS_QUERY.toAbsolutePath().toString());
    List<String> before = awaitResults("#q=upload");
    String target = before.get(1);
    card(target).findElement(By.cssSelector("a.hit")).click();
    String hash = "#q=" + form("item:" + target);
    List<String> after = awaitResults(hash);
    assertEquals(hash, js("return location.hash"));
    assertEquals(target, after.get(0), "more like this: the item itself first");
    assertEquals(apiIds("{\"id\":" + quote(target) + ",\"k\":24}"), after, "the item's neighbours, as the API answers");
    assertTrue(browser.findElement(By.id("query-title")).getText().contains(target));
  }

  /** "Why?" swaps a card's thumbnail for its heat map (GET /explain for an item query, POST for an upload) and back. */
  @Test
  void whyShowsAHitsHeatMapAndTogglesBack() {
    open("q=" + form("item:" + LOTUS));
    List<String> hits = awaitResults("#q=" + form("item:" + LOTUS));
    WebElement card = card(hits.get(1));
    WebElement img = card.findElement(By.cssSelector("img"));
    String thumb = img.getAttribute("src");
    WebElement why = card.findElement(By.cssSelector("button.why"));
    why.click();
    waitFor("the heat map", () -> img.getAttribute("src").startsWith("data:image/png"));
    assertEquals("true", why.getAttribute("aria-pressed"));
    waitFor("the heat map loaded", () -> (Boolean) browser.executeScript(
        "return arguments[0].complete && arguments[0].naturalWidth > 0", img));
    why.click();
    assertEquals(thumb, img.getAttribute("src"), "pressed again: the plain thumbnail");
    assertEquals("false", why.getAttribute("aria-pressed"));

    browser.findElement(By.id("file")).sendKeys(LOTUS_QUERY.toAbsolutePath().toString());
    List<String> uploaded = awaitResults("#q=upload");
    WebElement first = card(uploaded.get(0));
    first.findElement(By.cssSelector("button.why")).click();
    waitFor("the upload's heat map", () -> first.findElement(By.cssSelector("img")).getAttribute("src")
        .startsWith("data:image/png"));
    assertFalse(browser.findElement(By.id("error")).isDisplayed(), browser.findElement(By.id("error")).getText());
    assertTrue((Boolean) js("return document.documentElement.scrollWidth <= window.innerWidth"),
        "the card's buttons wrap inside it: no horizontal scroll");
  }

  @Test
  void thumbsDownHidesTheResultAndThumbsUpReranks() throws Exception {
    open("q=item:" + AIRPLANE);
    List<String> before = awaitResults("#q=" + form("item:" + AIRPLANE));
    String bad = before.get(2);
    card(bad).findElement(By.cssSelector("button.unlike")).click();
    String unliked = "#q=" + form("item:" + AIRPLANE) + "&unlike=" + form(bad);
    List<String> after = awaitResults(unliked);
    assertFalse(after.contains(bad), "the disliked item left the grid: " + after);
    assertEquals(24, after.size(), "the grid still holds k");
    assertTrue(browser.findElement(By.id("feedback")).getText().contains("1 hidden"));

    String good = after.get(after.size() - 1); // the last: liking it must pull it up
    card(good).findElement(By.cssSelector("button.like")).click();
    List<String> liked = awaitResults("#q=" + form("item:" + AIRPLANE) + "&like=" + form(good) + "&unlike=" + form(bad));
    assertEquals("true", card(good).findElement(By.cssSelector("button.like")).getAttribute("aria-pressed"));
    assertTrue(liked.indexOf(good) < after.indexOf(good), "liked item moved up: " + after + " -> " + liked);
    // Each click searched again with the feedback lists, and the server kept them as judgements of the query.
    List<String> judged = FeedbackApiTest.judgements(fixture.index);
    assertTrue(judged.contains("id:" + AIRPLANE + " " + bad + " false server"), judged.toString());
    assertTrue(judged.contains("id:" + AIRPLANE + " " + good + " true server"), judged.toString());
    List<String> api = apiIds("{\"id\":" + quote(AIRPLANE) + ",\"k\":25,\"like\":[" + quote(good) + "],\"unlike\":["
        + quote(bad) + "]}");
    api.remove(bad);
    assertEquals(api.subList(0, 24), liked, "the API's feedback search, without the disliked item");
  }

  @Test
  void aFilterFromTheFieldsMenuLeavesOnlyThatLabel() {
    open("q=item:" + AIRPLANE);
    List<String> mixed = awaitResults("#q=" + form("item:" + AIRPLANE));
    assertTrue(mixed.stream().anyMatch(id -> !id.startsWith("airplanes/")), "24 of 30 hits hold other labels");
    Select label = new Select(browser.findElement(By.cssSelector("#filters select[data-field=label]")));
    assertEquals(List.of("label: any", "airplanes (10)", "lotus (10)", "watch (10)"),
        label.getOptions().stream().map(WebElement::getText).toList(), "values with counts");
    assertTrue(browser.findElements(By.cssSelector("#filters select[data-field=note]")).isEmpty(),
        "a field of unique values makes no menu");
    label.selectByValue("lotus");
    List<String> lotus = awaitResults("#q=" + form("item:" + AIRPLANE) + "&filter=" + form("label=lotus"));
    assertEquals(10, lotus.size(), lotus.toString());
    for (String id : lotus) assertTrue(id.startsWith("lotus/"), lotus.toString());
  }

  @Test
  void reloadingTheUrlRepeatsTheSearch() {
    String hash = "#q=" + form("item:" + LOTUS) + "&k=12&filter=" + form("label=lotus") + "&like=" + form("lotus/image_0004.jpg")
        + "&unlike=" + form("lotus/image_0002.jpg");
    open(hash.substring(1));
    List<String> first = awaitResults(hash);
    assertEquals(9, first.size(), "10 lotus photos, one disliked: " + first);
    browser.navigate().refresh();
    List<String> again = awaitResults(hash);
    assertEquals(first, again);
    assertEquals("lotus", new Select(browser.findElement(By.cssSelector("#filters select[data-field=label]")))
        .getFirstSelectedOption().getAttribute("value"), "the menus show the URL's options");
    assertEquals("12", browser.findElement(By.id("k")).getDomProperty("value"));
  }

  @Test
  void aReloadedUploadUrlSaysTheImageCannotLiveInAUrl() {
    open("q=upload");
    waitFor("the notice", () -> browser.findElement(By.id("notice")).isDisplayed());
    assertTrue(browser.findElement(By.id("notice")).getText().contains("cannot be kept in a URL"));
    assertTrue(browser.findElements(By.cssSelector("#results .card")).isEmpty());
  }

  @Test
  void theDuplicatesViewListsGroups() throws Exception {
    browser.findElement(By.id("nav-duplicates")).click();
    waitFor("the duplicates view", () -> browser.findElement(By.id("duplicates-view")).isDisplayed());
    WebElement threshold = browser.findElement(By.id("threshold"));
    threshold.clear();
    threshold.sendKeys("0.5");
    browser.findElement(By.id("duplicates-button")).click();
    String hash = "#view=duplicates&threshold=0.5";
    waitFor("groups for " + hash, () -> hash.equals(browser.findElement(By.id("groups")).getAttribute("data-for")));
    JsonNode expected = json(server.get("/duplicates?threshold=0.5"));
    assertTrue(expected.path("groups").size() > 0, expected.toString());
    List<WebElement> groups = browser.findElements(By.cssSelector("#groups .group"));
    assertEquals(expected.path("groups").size(), groups.size());
    assertEquals(expected.path("groups").get(0).path("members").size(), groups.get(0).findElements(By.cssSelector("img")).size());
  }

  @Test
  void aPhoneSizedWindowDoesNotScrollSideways() {
    browser.manage().window().setSize(new Dimension(390, 844));
    open("q=item:" + LOTUS);
    awaitResults("#q=" + form("item:" + LOTUS));
    long inner = (Long) js("return window.innerWidth");
    assertTrue(inner <= 400, "a phone-sized viewport: " + inner);
    assertTrue((Boolean) js("return document.documentElement.scrollWidth <= window.innerWidth"),
        "no horizontal scroll: scrollWidth " + js("return document.documentElement.scrollWidth") + " > " + inner);
    WebElement card = browser.findElement(By.cssSelector("#results .card"));
    assertTrue(card.getRect().getX() + card.getRect().getWidth() <= inner, "cards fit the viewport");
  }

  @Test
  void theKeyboardReachesTheFilePickerTheSearchButtonAndTheResults() {
    open("q=item:" + LOTUS);
    String hash = "#q=" + form("item:" + LOTUS);
    awaitResults(hash);
    List<String> reached = new ArrayList<>();
    String second = null;
    for (int i = 0; i < 60 && second == null; i++) {
      new Actions(browser).sendKeys(Keys.TAB).perform();
      WebElement focused = browser.switchTo().activeElement();
      String id = focused.getAttribute("id");
      reached.add(id == null || id.isEmpty() ? focused.getTagName() + "." + focused.getAttribute("class") : id);
      if ("hit".equals(focused.getAttribute("class"))) {
        String item = (String) js("return document.activeElement.closest('.card').dataset.id");
        if (!item.equals(LOTUS)) second = item;
      }
    }
    assertTrue(reached.contains("file"), "Tab reaches the file picker: " + reached);
    assertTrue(reached.contains("search-button"), "Tab reaches the search button: " + reached);
    assertTrue(second != null, "Tab reaches the results: " + reached);
    new Actions(browser).sendKeys(Keys.ENTER).perform();
    List<String> after = awaitResults("#q=" + form("item:" + second));
    assertEquals(second, after.get(0), "Enter on a result searches by it");
  }

  @Test
  void errorsAreShownAsAVisibleMessage() throws Exception {
    open("q=" + form("item:" + LOTUS));
    assertEquals(24, awaitResults("#q=" + form("item:" + LOTUS)).size());
    // A shared URL asking for more hits than the server's bound (--max-k 1000).
    open("q=" + form("item:" + LOTUS) + "&k=5000");
    assertEquals(List.of(), awaitResults("#q=" + form("item:" + LOTUS) + "&k=5000"), "no stale grid under the error");
    WebElement error = browser.findElement(By.id("error"));
    assertTrue(error.isDisplayed() && error.getText().contains("400") && error.getText().contains("1000"), error.getText());

    // A file that is no image.
    Path text = tmp.resolve("notes.jpg");
    Files.writeString(text, "not an image at all");
    open("");
    browser.findElement(By.id("file")).sendKeys(text.toAbsolutePath().toString());
    awaitResults("#q=upload");
    assertTrue(error.isDisplayed() && error.getText().startsWith("Search failed: 400"), error.getText());
    assertTrue(browser.findElements(By.cssSelector("#results .card")).isEmpty());

    // The server gone: a second server, stopped under the page.
    ServerFixture.Running doomed = new ServerFixture.Running(fixture.options(), fixture.config);
    try {
      browser.get(doomed.server.url());
      waitFor("the facts", () -> browser.findElement(By.id("facts")).getText().contains("30 items"));
    } finally {
      doomed.close();
    }
    js("location.hash = 'q=" + form("item:" + LOTUS) + "'");
    awaitResults("#q=" + form("item:" + LOTUS));
    WebElement gone = browser.findElement(By.id("error"));
    assertTrue(gone.isDisplayed() && gone.getText().contains("Cannot reach the Loupe server"), gone.getText());
  }

  @Test
  void thePageLogsNoConsoleErrorsAndCallsNoOtherHost() {
    browser.findElement(By.id("file")).sendKeys(LOTUS_QUERY.toAbsolutePath().toString());
    List<String> hits = awaitResults("#q=upload");
    card(hits.get(1)).findElement(By.cssSelector("a.hit")).click();
    awaitResults("#q=" + form("item:" + hits.get(1)));
    new Select(browser.findElement(By.cssSelector("#filters select[data-field=label]"))).selectByValue("watch");
    awaitResults("#q=" + form("item:" + hits.get(1)) + "&filter=" + form("label=watch"));
    browser.findElement(By.id("nav-duplicates")).click();
    waitFor("duplicates", () -> "#view=duplicates".equals(browser.findElement(By.id("groups")).getAttribute("data-for")));
    js("window.scrollTo(0, document.body.scrollHeight)"); // lazy thumbnails load too

    List<String> problems = new ArrayList<>();
    for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) {
      if (e.getLevel().intValue() >= Level.WARNING.intValue()) problems.add(e.getLevel() + " " + e.getMessage());
    }
    assertEquals(List.of(), problems, "console errors and warnings");
    @SuppressWarnings("unchecked")
    List<String> requested = (List<String>) js("return performance.getEntries().map(e => e.name)"
        + ".filter(n => /^[a-z]+:/.test(n))");
    assertTrue(requested.size() > 10, "the page, its modules, API calls and thumbnails: " + requested);
    for (String url : requested) assertTrue(url.startsWith(server.server.url()), "only the server is called: " + url);
  }

  @Test
  void theFilesAreServedWithTheirTypesAndRevalidated() throws Exception {
    HttpResponse<String> page = server.get("/");
    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
    assertFalse(page.body().contains("<script>") || page.body().contains("style="), "nothing inline");
    for (String file : WebPage.FILES.keySet()) {
      HttpResponse<String> r = server.get("/" + file);
      assertEquals(200, r.statusCode(), file);
      assertEquals(WebPage.FILES.get(file), r.headers().firstValue("Content-Type").orElse(""), file);
      assertEquals("no-cache", r.headers().firstValue("Cache-Control").orElse(""), file);
      String etag = r.headers().firstValue("ETag").orElseThrow();
      HttpResponse<String> again = server.send(java.net.http.HttpRequest.newBuilder(server.uri("/" + file))
          .header("If-None-Match", etag).GET().build());
      assertEquals(304, again.statusCode(), file);
      assertFalse(r.body().contains("http://") && !file.endsWith(".svg"), file + " names no other host");
    }
    assertEquals(404, server.get("/app.js.map").statusCode());
    assertEquals(404, server.get("/web/app.js").statusCode(), "only the listed files, never a classpath path");
  }

  @Test
  void withSeveralIndexesAPickerAppearsAndATextIndexGetsATextBox() throws Exception {
    assertFalse(browser.findElement(By.id("index-picker")).isDisplayed(), "one index needs no picker");
    // A second index of the same photos under the CLIP-shaped fixture (random weights: plumbing, not quality),
    // whose text tower makes the index answer text.
    Path models = ClipFixture.writeSpecs(tmp.resolve("clip-models"));
    LoupeConfig config = LoupeConfig.defaults().withModelDirs(List.of(models, SharedData.models()));
    Path clipIndex = tmp.resolve("clip.idx");
    if (!Files.exists(clipIndex)) {
      try (Loupe loupe = Loupe.openOrCreate(clipIndex, config.withModel(ClipFixture.IMAGE))) {
        loupe.index(new SourceScanner(new CsvCatalog("id", "image"), Map.of())
            .scan(List.of(fixture.photos.resolve("catalog.csv"))), IndexListener.NONE);
      }
    }
    ServerOptions options = ServerOptions.defaults(List.of(new NamedIndex("caltech", fixture.index),
        new NamedIndex("clip", clipIndex)), tmp.resolve("state-two")).withListen("127.0.0.1", 0);
    try (ServerFixture.Running two = new ServerFixture.Running(options, config)) {
      browser.get(two.server.url());
      waitFor("the facts", () -> browser.findElement(By.id("facts")).getText().contains("mobilenetv2"));
      assertTrue(browser.findElement(By.id("index-picker")).isDisplayed(), "two indexes: a picker");
      assertFalse(browser.findElement(By.id("text-row")).isDisplayed(), "caltech answers no text");
      new Select(browser.findElement(By.id("index"))).selectByValue("clip");
      waitFor("the clip index's facts", () -> browser.findElement(By.id("facts")).getText().contains("clip-tiny"));
      assertEquals("#index=clip", js("return location.hash"));
      WebElement text = browser.findElement(By.id("text"));
      assertTrue(text.isDisplayed(), "clip answers text: a text box");
      text.sendKeys("a pink flower", Keys.ENTER);
      List<String> shown = awaitResults("#index=clip&q=" + form("text:a pink flower"));
      HttpResponse<String> r = two.postJson("/search?index=clip", "{\"text\":\"a pink flower\",\"k\":24}");
      assertEquals(200, r.statusCode(), r.body());
      assertEquals(ids(json(r)), shown, "the API's text search on the chosen index");
      assertTrue(browser.findElement(By.cssSelector("#results img")).getAttribute("src").contains("index=clip"));
    }
  }

  // --- helpers ---

  /** Navigates to the page with this fragment (a same-document navigation once the page is loaded). */
  void open(String fragment) {
    browser.get(server.server.url() + "#" + fragment);
  }

  /** Waits until the grid answers {@code hash} (results or an error), and returns the item ids it shows. */
  List<String> awaitResults(String hash) {
    new WebDriverWait(browser, WAIT)
        .withMessage(() -> "results for " + hash + ", the grid shows " + browser.findElement(By.id("results")).getAttribute("data-for")
            + " and the URL is " + browser.getCurrentUrl())
        .until(d -> hash.equals(d.findElement(By.id("results")).getAttribute("data-for")));
    List<String> shown = new ArrayList<>();
    for (WebElement c : browser.findElements(By.cssSelector("#results .card"))) shown.add(c.getAttribute("data-id"));
    return shown;
  }

  WebElement card(String id) {
    for (WebElement c : browser.findElements(By.cssSelector("#results .card"))) {
      if (id.equals(c.getAttribute("data-id"))) return c;
    }
    throw new AssertionError("no card for " + id);
  }

  Object js(String script) {
    return browser.executeScript(script);
  }

  List<String> apiIds(String body) throws Exception {
    HttpResponse<String> r = server.postJson("/search", body);
    assertEquals(200, r.statusCode(), r.body());
    return ids(json(r));
  }

  /** As URLSearchParams writes a value: form encoding, spaces as '+'. */
  static String form(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  void waitFor(String what, java.util.function.BooleanSupplier condition) {
    new WebDriverWait(browser, WAIT).withMessage(what).until(d -> condition.getAsBoolean());
  }
}
