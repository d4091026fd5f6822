package dev.tokenvault.nba.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A person's whole visit, in Debian's Chromium (headless): sign in, import, import again, sign out. */
class BrowserTest {
  @TempDir Path folder;
  private RunningApp app;
  private WebDriver browser;
  private final List<String> pages = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    app = new RunningApp(folder, Map.of());
    browser = chrome(Files.createTempDirectory("chrome-profile"));
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (app != null) {
      app.close();
    }
  }

  static WebDriver chrome(Path profile) {
    var service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver")).build();
    var options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,900",
        "--user-data-dir=" + profile.toAbsolutePath());
    return new ChromeDriver(service, options);
  }

  private WebDriverWait await() {
    return new WebDriverWait(browser, Duration.ofSeconds(30));
  }

  private void remember() {
    pages.add(browser.getPageSource());
  }

  @Test
  void signInImportReimportAndSignOut() {
    browser.get(app.base.toString());
    remember();
    assertThat(browser.findElement(By.cssSelector(".banner")).getText()).contains("Sandbox mode");
    browser.findElement(By.id("signin")).click();

    // The sandbox's consent page.
    await().until(ExpectedConditions.elementToBeClickable(By.id("allow")));
    var user = browser.findElement(By.id("user"));
    user.clear();
    user.sendKeys("ann");
    browser.findElement(By.id("allow")).click();

    await().until(ExpectedConditions.urlContains("/teams"));
    remember();
    screenshot("teams");
    browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
    screenshot("teams-phone");
    browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
    Cookie session = browser.manage().getCookieNamed("tv_session");
    assertThat(session).isNotNull();
    assertThat(session.isHttpOnly()).isTrue();
    assertThat(session.getSameSite()).isEqualTo("Lax");
    assertThat(session.isSecure()).as("plain http on loopback only").isFalse();

    importBoston();
    assertThat(browser.findElement(By.id("created")).getText()).isEqualTo("5");
    assertThat(browser.findElement(By.id("skipped")).getText()).isEqualTo("2");
    assertThat(app.sandbox().tasks("ann")).hasSize(5);

    browser.get(app.base.resolve("/account").toString());
    assertThat(browser.findElement(By.id("account-name")).getText()).as("a page that uses the token").isEqualTo("ann");
    remember();

    browser.get(app.base.resolve("/teams").toString());
    importBoston();
    assertThat(browser.findElement(By.id("created")).getText()).isEqualTo("0");
    assertThat(browser.findElement(By.id("unchanged")).getText()).isEqualTo("5");
    assertThat(app.sandbox().tasks("ann")).as("no duplicates").hasSize(5);

    var js = (JavascriptExecutor) browser;
    assertThat(js.executeScript("return document.cookie")).isEqualTo("");
    assertThat(js.executeScript("return window.localStorage.length")).isEqualTo(0L);
    assertThat(js.executeScript("return window.sessionStorage.length")).isEqualTo(0L);

    browser.findElement(By.cssSelector("form[action='/signout'] button")).click();
    await().until(ExpectedConditions.elementToBeClickable(By.id("signin")));
    remember();
    assertThat(browser.manage().getCookieNamed("tv_session")).isNull();
    assertThat(app.sandbox().grants()).allMatch(grant -> grant.revoked());

    List<String> tokens = app.sandbox().issuedTokens();
    assertThat(tokens).isNotEmpty();
    for (String page : pages) {
      for (String token : tokens) {
        assertThat(page).doesNotContain(token);
      }
    }
    for (Cookie cookie : browser.manage().getCookies()) {
      for (String token : tokens) {
        assertThat(cookie.getValue()).doesNotContain(token);
      }
    }
  }

  @Test
  void homePageIsKeyboardUsableAndHasNoInlineScript() {
    browser.get(app.base.toString());
    String source = browser.getPageSource();
    assertThat(source).doesNotContain("<script>").doesNotContain("style=\"").doesNotContain("onclick");
    assertThat(browser.findElement(By.id("signin")).getCssValue("background-color"))
        .as("the stylesheet is served and applied").isEqualTo("rgba(219, 76, 63, 1)");
    var skip = browser.switchTo().activeElement();
    skip.sendKeys(org.openqa.selenium.Keys.TAB);
    assertThat(browser.switchTo().activeElement().getText()).isEqualTo("Skip to content");
  }

  /** Saved under target/screenshots so a person can look at the pages a test saw. */
  private void screenshot(String name) {
    try {
      Path file = Path.of("target/screenshots", name + ".png");
      Files.createDirectories(file.getParent());
      Files.write(file, ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void importBoston() {
    await().until(ExpectedConditions.elementToBeClickable(By.cssSelector("input[value=BOS]")));
    browser.findElement(By.cssSelector("label.team-bos")).click();
    browser.findElement(By.cssSelector("input[name=games][value=season]")).click();
    browser.findElement(By.cssSelector("input[name=preseason]")).click();
    assertThat(browser.findElement(By.id("zone")).getAttribute("value")).as("detected by the browser").isNotBlank();
    browser.findElement(By.id("import")).click();
    await().until(ExpectedConditions.or(ExpectedConditions.presenceOfElementLocated(By.id("created")),
        ExpectedConditions.presenceOfElementLocated(By.cssSelector(".problem"))));
    remember();
    screenshot("result");
    assertThat(browser.findElements(By.cssSelector(".problem"))).as(browser.getPageSource()).isEmpty();
  }
}
