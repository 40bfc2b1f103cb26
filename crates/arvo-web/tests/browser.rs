//! Browser tests: the real pages driven in headless Chromium through chromedriver.
//!
//! Each test starts the application with `arvo_web::testing::spawn_app` (a fresh database, a real
//! server on a free port), starts its own chromedriver and Chromium, and clicks through the pages as
//! a person would. The tests are ignored by default because they need the Debian packages
//! `chromium` and `chromium-driver`; `scripts/test` runs them with `--run-ignored only`.
//! `ARVO_CHROMEDRIVER` and `ARVO_CHROMIUM` name the two programs and default to the Debian paths.
//!
//! The WebDriver client below is deliberately small: it speaks the handful of W3C WebDriver
//! commands these tests need over plain HTTP with `reqwest`.

use std::fmt;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use arvo_web::testing::{TEST_PASSWORD, TestApp, spawn_app};
use arvo_web::ui::encode;
use serde_json::{Value, json};

/// The key under which W3C WebDriver returns an element reference.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// How long a page may take to show what a test waits for.
const WAIT: Duration = Duration::from_secs(15);

/// An error answered by chromedriver, or a failure to reach it.
#[derive(Debug)]
struct WebDriverError {
    /// The W3C error code, such as `no such element`, or `http` when the request itself failed.
    code: String,
    /// The human-readable message.
    message: String,
}

impl fmt::Display for WebDriverError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl From<reqwest::Error> for WebDriverError {
    fn from(error: reqwest::Error) -> Self {
        WebDriverError {
            code: "http".into(),
            message: error.to_string(),
        }
    }
}

/// A headless Chromium session, together with the chromedriver process and the profile directory
/// that belong to it. Dropping it ends the session, stops chromedriver and removes the directory,
/// also when a test fails half-way.
struct Browser {
    http: reqwest::Client,
    /// The chromedriver address, e.g. `http://127.0.0.1:4444`.
    driver_url: String,
    driver_addr: SocketAddr,
    driver: Child,
    session_id: String,
    /// A directory of this browser's own: the Chromium profile and chromedriver's log.
    dir: PathBuf,
}

impl Browser {
    /// Starts chromedriver on a free loopback port and opens a new headless Chromium session.
    async fn start() -> Browser {
        let chromedriver =
            std::env::var("ARVO_CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let chromium =
            std::env::var("ARVO_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let dir = fresh_temp_dir();
        let profile = dir.join("profile");
        let log = dir.join("chromedriver.log");
        std::fs::create_dir_all(&profile).expect("create the Chromium profile directory");

        let port = free_port();
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .arg(format!("--log-path={}", log.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| {
                let _ = std::fs::remove_dir_all(&dir);
                panic!(
                    "cannot start chromedriver `{chromedriver}` (set ARVO_CHROMEDRIVER): {error}"
                )
            });
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(45))
            .build()
            .expect("build the HTTP client");
        let mut browser = Browser {
            http,
            driver_url: format!("http://127.0.0.1:{port}"),
            driver_addr: SocketAddr::from(([127, 0, 0, 1], port)),
            driver,
            session_id: String::new(),
            dir,
        };
        browser.wait_until_driver_ready().await;

        // The browser asks for Finnish pages, as the people who use Arvo do, so that the tests see
        // the same pages whether the language comes from the default or from Accept-Language.
        let capabilities = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": {
                        "binary": chromium,
                        "args": [
                            "--headless",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--no-first-run",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            "--disable-dev-shm-usage",
                            "--window-size=1280,900",
                            format!("--user-data-dir={}", profile.display()),
                        ],
                        "prefs": {"intl.accept_languages": "fi-FI,fi"}
                    }
                }
            }
        });
        let created = browser
            .command(reqwest::Method::POST, "/session", Some(capabilities))
            .await
            .unwrap_or_else(|error| panic!("cannot open a Chromium session: {error}"));
        browser.session_id = created["sessionId"]
            .as_str()
            .expect("a new session has an id")
            .to_owned();
        browser
            .session_command(
                reqwest::Method::POST,
                "/timeouts",
                Some(json!({"pageLoad": 30_000, "script": 30_000, "implicit": 0})),
            )
            .await
            .expect("set the session timeouts");
        browser
    }

    /// Polls chromedriver's `/status` until it reports that it is ready for a new session.
    async fn wait_until_driver_ready(&mut self) {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.driver.try_wait().expect("poll chromedriver") {
                panic!("chromedriver exited before it was ready: {status}");
            }
            let url = format!("{}/status", self.driver_url);
            if let Ok(response) = self.http.get(&url).send().await
                && let Ok(body) = response.json::<Value>().await
                && body["value"]["ready"] == json!(true)
            {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver did not become ready within {WAIT:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Sends one WebDriver command and returns the `value` of its answer.
    async fn command(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, WebDriverError> {
        let url = format!("{}{path}", self.driver_url);
        let mut request = self.http.request(method.clone(), &url);
        if let Some(body) = body {
            request = request.json(&body);
        } else if method == reqwest::Method::POST {
            request = request.json(&json!({}));
        }
        let response = request.send().await?;
        let status = response.status();
        let answer: Value = response.json().await?;
        let value = answer.get("value").cloned().unwrap_or(Value::Null);
        if status.is_success() {
            Ok(value)
        } else {
            Err(WebDriverError {
                code: value["error"]
                    .as_str()
                    .unwrap_or("unknown error")
                    .to_owned(),
                message: value["message"].as_str().unwrap_or_default().to_owned(),
            })
        }
    }

    /// Sends one WebDriver command within this browser's session.
    async fn session_command(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, WebDriverError> {
        let path = format!("/session/{}{path}", self.session_id);
        self.command(method, &path, body).await
    }

    /// Opens `url` and waits until the page has loaded.
    async fn goto(&self, url: &str) {
        self.session_command(reqwest::Method::POST, "/url", Some(json!({"url": url})))
            .await
            .unwrap_or_else(|error| panic!("cannot open {url}: {error}"));
    }

    /// Runs a script in the page and returns what it returns.
    async fn execute(&self, script: &str) -> Value {
        self.session_command(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
        .await
        .unwrap_or_else(|error| panic!("cannot run a script: {error}"))
    }

    /// The address of the page the browser shows now.
    async fn current_url(&self) -> String {
        let value = self
            .session_command(reqwest::Method::GET, "/url", None)
            .await
            .unwrap_or_else(|error| panic!("cannot read the current URL: {error}"));
        value.as_str().unwrap_or_default().to_owned()
    }

    /// The ids of all elements matching the CSS selector, in document order.
    async fn find_all(&self, css: &str) -> Vec<String> {
        let found = self
            .session_command(
                reqwest::Method::POST,
                "/elements",
                Some(json!({"using": "css selector", "value": css})),
            )
            .await
            .unwrap_or_else(|error| panic!("cannot look for `{css}`: {error}"));
        found
            .as_array()
            .map(|elements| elements.iter().filter_map(element_id).collect())
            .unwrap_or_default()
    }

    /// The id of the first element matching the CSS selector, or `None` when there is none.
    async fn try_find(&self, css: &str) -> Option<String> {
        match self
            .session_command(
                reqwest::Method::POST,
                "/element",
                Some(json!({"using": "css selector", "value": css})),
            )
            .await
        {
            Ok(value) => element_id(&value),
            Err(error) if error.code == "no such element" => None,
            Err(error) => panic!("cannot look for `{css}`: {error}"),
        }
    }

    /// The id of the first element matching the CSS selector; fails the test when there is none.
    async fn find(&self, css: &str) -> String {
        match self.try_find(css).await {
            Some(id) => id,
            None => panic!("no element matches `{css}` on {}", self.current_url().await),
        }
    }

    /// Waits until an element matches the CSS selector and returns its id.
    async fn wait_for(&self, css: &str, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(id) = self.try_find(css).await {
                return id;
            }
            assert!(
                Instant::now() < deadline,
                "no element matched `{css}` within {timeout:?} on {}",
                self.current_url().await
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the address of the page satisfies `accept` and returns it.
    async fn wait_for_url(
        &self,
        what: &str,
        timeout: Duration,
        accept: impl Fn(&str) -> bool,
    ) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let url = self.current_url().await;
            if accept(&url) {
                return url;
            }
            assert!(
                Instant::now() < deadline,
                "the browser did not reach {what} within {timeout:?}; it shows {url}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Types `text` into the element matching the CSS selector.
    async fn send_keys(&self, css: &str, text: &str) {
        let id = self.find(css).await;
        self.session_command(
            reqwest::Method::POST,
            &format!("/element/{id}/value"),
            Some(json!({"text": text})),
        )
        .await
        .unwrap_or_else(|error| panic!("cannot type into `{css}`: {error}"));
    }

    /// Clicks the element with the given id.
    async fn click_element(&self, id: &str) {
        self.session_command(reqwest::Method::POST, &format!("/element/{id}/click"), None)
            .await
            .unwrap_or_else(|error| panic!("cannot click element {id}: {error}"));
    }

    /// Clicks the element matching the CSS selector.
    async fn click(&self, css: &str) {
        let id = self.find(css).await;
        self.click_element(&id).await;
    }

    /// The rendered text of the element with the given id.
    async fn element_text(&self, id: &str) -> String {
        let value = self
            .session_command(reqwest::Method::GET, &format!("/element/{id}/text"), None)
            .await
            .unwrap_or_else(|error| panic!("cannot read the text of element {id}: {error}"));
        value.as_str().unwrap_or_default().to_owned()
    }

    /// The rendered text of the element matching the CSS selector.
    async fn text(&self, css: &str) -> String {
        let id = self.find(css).await;
        self.element_text(&id).await
    }

    /// The current value of a form control, which is what the user sees in it.
    async fn value(&self, css: &str) -> String {
        let id = self.find(css).await;
        let value = self
            .session_command(
                reqwest::Method::GET,
                &format!("/element/{id}/property/value"),
                None,
            )
            .await
            .unwrap_or_else(|error| panic!("cannot read the value of `{css}`: {error}"));
        value.as_str().unwrap_or_default().to_owned()
    }

    /// An attribute of the element matching the CSS selector, or `None` when it has none.
    async fn attribute(&self, css: &str, name: &str) -> Option<String> {
        let id = self.find(css).await;
        let value = self
            .session_command(
                reqwest::Method::GET,
                &format!("/element/{id}/attribute/{name}"),
                None,
            )
            .await
            .unwrap_or_else(|error| panic!("cannot read `{name}` of `{css}`: {error}"));
        value.as_str().map(str::to_owned)
    }

    /// Whether the element matching the CSS selector is shown to the user.
    async fn is_displayed(&self, css: &str) -> bool {
        let id = self.find(css).await;
        let value = self
            .session_command(
                reqwest::Method::GET,
                &format!("/element/{id}/displayed"),
                None,
            )
            .await
            .unwrap_or_else(|error| panic!("cannot tell whether `{css}` is shown: {error}"));
        value.as_bool().unwrap_or(false)
    }

    /// Ends the session with a plain blocking request, because `Drop` cannot wait for a future.
    fn delete_session_blocking(&self) {
        let Ok(mut stream) = TcpStream::connect_timeout(&self.driver_addr, Duration::from_secs(5))
        else {
            return;
        };
        let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
        let request = format!(
            "DELETE /session/{} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
            self.session_id, self.driver_addr
        );
        if stream.write_all(request.as_bytes()).is_err() {
            return;
        }
        // Chromedriver answers only once the browser has closed, so the end of the answer's
        // headers is enough to know that; the connection itself may stay open.
        let mut answer = Vec::new();
        let mut buffer = [0_u8; 1024];
        while !answer.windows(4).any(|window| window == b"\r\n\r\n") {
            match stream.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(read) => answer.extend_from_slice(&buffer[..read]),
            }
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session_id.is_empty() {
            self.delete_session_blocking();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        if std::thread::panicking() {
            let log =
                std::fs::read_to_string(self.dir.join("chromedriver.log")).unwrap_or_default();
            let tail: Vec<&str> = log.lines().rev().take(40).collect();
            eprintln!("--- last lines of the chromedriver log ---");
            for line in tail.iter().rev() {
                eprintln!("{line}");
            }
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The element id inside a WebDriver element reference.
fn element_id(reference: &Value) -> Option<String> {
    reference[ELEMENT_KEY].as_str().map(str::to_owned)
}

/// A loopback port that nothing listens on at the moment.
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    listener
        .local_addr()
        .expect("read the bound address")
        .port()
}

/// A new, empty directory under the system's temporary directory.
fn fresh_temp_dir() -> PathBuf {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.subsec_nanos())
        .unwrap_or_default();
    let dir = std::env::temp_dir().join(format!(
        "arvo-browser-{}-{nanos}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).expect("create a temporary directory");
    dir
}

/// The path of a page address, without the scheme, host, query or fragment.
fn path_of(url: &str) -> &str {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme
        .find('/')
        .map_or("/", |start| &after_scheme[start..]);
    path.split(['?', '#']).next().unwrap_or(path)
}

/// Whether the path is the page of one account, `/accounts/{id}`.
fn is_account_page(url: &str) -> bool {
    path_of(url)
        .strip_prefix("/accounts/")
        .is_some_and(|id| !id.is_empty() && id != "new" && !id.contains('/'))
}

/// Signs in as the test administrator through the sign-in page, which every page leads to
/// without a session.
async fn sign_in(browser: &Browser, app: &TestApp) {
    browser.goto(&format!("{}/accounts", app.address)).await;
    browser
        .wait_for_url("the sign-in page", WAIT, |url| path_of(url) == "/login")
        .await;
    browser
        .send_keys("form#login-form input#email", &app.admin.email)
        .await;
    browser
        .send_keys("form#login-form input#password", TEST_PASSWORD)
        .await;
    browser.click("form#login-form button#sign-in").await;
    browser
        .wait_for_url("the account list after signing in", WAIT, |url| {
            path_of(url) == "/accounts"
        })
        .await;
    assert_eq!(browser.text(".signed-in .user-name").await, app.admin.name);
}

/// Fills in and submits the new-account form; the browser must be showing it.
async fn submit_account(browser: &Browser, name: &str, business_id: &str, municipality: &str) {
    browser.wait_for("form#account-form", WAIT).await;
    browser
        .send_keys("form#account-form input[name=name]", name)
        .await;
    browser
        .send_keys("form#account-form input[name=business_id]", business_id)
        .await;
    browser
        .send_keys("form#account-form input[name=municipality]", municipality)
        .await;
    browser.click("form#account-form button#save").await;
}

/// Creates an account through the form and returns the address of its page.
async fn create_account(
    browser: &Browser,
    base: &str,
    name: &str,
    business_id: &str,
    municipality: &str,
) -> String {
    browser.goto(&format!("{base}/accounts/new")).await;
    submit_account(browser, name, business_id, municipality).await;
    let page = browser
        .wait_for_url("the new account's page", WAIT, is_account_page)
        .await;
    let heading = browser.text("h1").await;
    assert!(
        heading.contains(name),
        "the account page {page} should show `{name}` in its heading, but it shows `{heading}`"
    );
    page
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromedriver; run by scripts/test"]
async fn an_account_created_in_the_form_is_found_by_search_and_opens_from_the_results() {
    let app = spawn_app().await;
    let browser = Browser::start().await;
    sign_in(&browser, &app).await;

    let page = create_account(
        &browser,
        &app.address,
        "Kuopion Kalatukku Oy",
        "0112038-9",
        "Kuopio",
    )
    .await;
    create_account(
        &browser,
        &app.address,
        "Oulun Puutarha Oy",
        "2345678-0",
        "Oulu",
    )
    .await;

    browser.goto(&format!("{}/accounts", app.address)).await;
    browser.wait_for("table#accounts", WAIT).await;
    assert_eq!(
        browser
            .find_all("table#accounts a.account-link")
            .await
            .len(),
        2,
        "before searching, the list should show both accounts"
    );

    browser.wait_for("form#account-search", WAIT).await;
    browser
        .send_keys("form#account-search input[name=q]", "kalatukku")
        .await;
    browser.click("form#account-search button#search").await;

    let deadline = Instant::now() + WAIT;
    let links = loop {
        let links = browser.find_all("table#accounts a.account-link").await;
        if links.len() == 1 || Instant::now() >= deadline {
            break links;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(
        links.len(),
        1,
        "searching for `kalatukku` should find exactly one account on {}",
        browser.current_url().await
    );
    let link_text = browser.element_text(&links[0]).await;
    assert!(
        link_text.contains("Kuopion Kalatukku"),
        "the search result should be Kuopion Kalatukku Oy, but it is `{link_text}`"
    );

    browser.click_element(&links[0]).await;
    let opened = browser
        .wait_for_url("the account's page", WAIT, |url| {
            path_of(url) == path_of(&page)
        })
        .await;
    let heading = browser.text("h1").await;
    assert!(
        heading.contains("Kuopion Kalatukku Oy"),
        "the page {opened} opened from the search should be Kuopion Kalatukku Oy's, but its heading is `{heading}`"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromedriver; run by scripts/test"]
async fn the_finnish_form_rejects_a_wrong_check_digit_beside_the_field_and_keeps_the_input() {
    let app = spawn_app().await;
    let browser = Browser::start().await;
    sign_in(&browser, &app).await;

    browser.goto(&format!("{}/accounts/new", app.address)).await;
    assert_eq!(
        browser.attribute("html", "lang").await.as_deref(),
        Some("fi"),
        "pages should be in Finnish by default"
    );
    submit_account(&browser, "Kuopion Kalatukku Oy", "0112038-8", "Kuopio").await;

    browser.wait_for("#error-business_id", WAIT).await;
    assert!(
        browser.is_displayed("#error-business_id").await,
        "the business ID error should be visible"
    );
    let message = browser.text("#error-business_id").await;
    assert!(
        !message.trim().is_empty(),
        "the business ID error should say what is wrong"
    );
    assert!(
        message.to_lowercase().contains("tarkiste"),
        "the business ID error should be in Finnish and mention the check digit, but it is `{message}`"
    );
    assert_eq!(
        browser.value("form#account-form input[name=name]").await,
        "Kuopion Kalatukku Oy",
        "the name typed should still be in the form"
    );
    assert_eq!(
        browser
            .value("form#account-form input[name=business_id]")
            .await,
        "0112038-8",
        "the business ID typed should still be in the form so that it can be corrected"
    );
    assert!(
        !is_account_page(&browser.current_url().await),
        "a rejected form should not lead to an account page"
    );

    browser.goto(&format!("{}/accounts", app.address)).await;
    browser.wait_for("form#account-search", WAIT).await;
    assert!(
        browser
            .find_all("table#accounts a.account-link")
            .await
            .is_empty(),
        "a rejected form should not create an account"
    );
}

/// A text that runs script if a page inserts it unescaped, in element content or in an attribute:
/// it closes a quoted attribute and a tag, then adds a script element and an image whose error
/// handler runs. `tag` tells which field it came from. It has no comma, so that it stays one tag.
fn payload(tag: &str) -> String {
    format!("{tag}\"'><script>xss='{tag}'</script><img src=x onerror=xss='{tag}'>")
}

/// A shorter payload for fields that allow only a few characters (tags).
fn short_payload(tag: &str) -> String {
    format!("{tag}\"'><img src=x onerror=xss='{tag}'>")
}

/// What a page shows of a script payload: whether any of it ran or became an element, and the
/// page's visible text.
const INSPECT: &str = r#"
    const own = Array.from(document.scripts).filter(s => s.getAttribute('src') !== '/static/arvo.js');
    return {
        ran: window.xss || null,
        scripts: own.length,
        injected: document.querySelectorAll('img[src="x"], [onerror], [onload], svg:not(.chart)').length,
        text: document.body ? document.body.innerText : ''
    };
"#;

async fn api(app: &TestApp, method: reqwest::Method, path: &str, body: Value) -> Value {
    let response = reqwest::Client::new()
        .request(method, format!("{}{path}", app.address))
        .bearer_auth(&app.token)
        .json(&body)
        .send()
        .await
        .expect("call the API");
    let status = response.status();
    let answer: Value = response.json().await.unwrap_or(Value::Null);
    assert!(status.is_success(), "{path}: {status} {answer}");
    answer
}

/// Asserts that the page the browser shows ran nothing and inserted no element from a payload,
/// and that it shows each of `visible` (payloads by their tag, or the short tag payload) as
/// plain text.
async fn assert_escaped(browser: &Browser, page: &str, visible: &[&str]) {
    let seen = browser.execute(INSPECT).await;
    assert_eq!(seen["ran"], Value::Null, "{page}: a payload ran: {seen}");
    assert_eq!(seen["scripts"], 0, "{page}: a script element was inserted");
    assert_eq!(seen["injected"], 0, "{page}: an element was inserted");
    let text = seen["text"].as_str().unwrap_or_default();
    for v in visible {
        let shown = if *v == "tag" {
            short_payload(v)
        } else {
            payload(v)
        };
        assert!(
            text.contains(&shown),
            "{page}: the {v} payload should be shown as text"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromedriver; run by scripts/test"]
async fn script_payloads_in_every_text_field_are_shown_as_text_on_every_page() {
    let app = spawn_app().await;
    let post = reqwest::Method::POST;

    // A user and a team whose names are payloads, an owner of the accounts below.
    let owner = app
        .add_user(
            &payload("user"),
            arvo_core::Role::AccountManager,
            Some(&payload("team")),
        )
        .await;
    api(
        &app,
        post.clone(),
        "/api/v1/custom-fields",
        json!({"key": "huomio", "label": payload("label"), "kind": "text"}),
    )
    .await;
    let account = |copy: &str| {
        json!({
            "name": payload("name"),
            "industry": payload(&format!("industry{copy}")),
            "street_address": payload("street"),
            "municipality": payload("municipality"),
            "owner": owner.name,
            "tags": [short_payload("tag")],
            "special_wishes": payload("wishes"),
            "status": "customer",
            "customer_number": format!("9000{}", copy.len()),
            "custom": {"huomio": payload("custom")}
        })
    };
    let first = api(&app, post.clone(), "/api/v1/accounts", account("")).await;
    // The same name again makes a pair for the duplicates page.
    api(&app, post.clone(), "/api/v1/accounts", account("2")).await;
    let id = first["id"].as_i64().unwrap();
    // A purchase, a cost pool, a rating and a segment set by hand, for the value analysis.
    let today = chrono::Local::now().date_naive().format("%-d.%-m.%Y");
    let orders = format!(
        "Tilausnumero;Rivi;Asiakasnumero;Tilauspäivä;Tuotenumero;Määrä;À-hinta\nT-1;1;90000;{today};P-1;2;10,00\n"
    );
    let imported = reqwest::Client::new()
        .post(format!("{}/api/v1/imports/orders", app.address))
        .bearer_auth(&app.token)
        .body(orders)
        .send()
        .await
        .expect("import an order");
    assert!(imported.status().is_success(), "{}", imported.status());
    api(
        &app,
        reqwest::Method::PUT,
        "/api/v1/analysis/cost-pools",
        json!([{"name": payload("pool"), "cost_cents": 100_000, "driver": "orders", "layer": "sales"}]),
    )
    .await;
    api(
        &app,
        post.clone(),
        &format!("/api/v1/accounts/{id}/ratings"),
        json!({"criterion": "reference", "score": 4, "reason": payload("rating")}),
    )
    .await;
    api(
        &app,
        reqwest::Method::PUT,
        &format!("/api/v1/accounts/{id}/segment"),
        json!({"segment": "grow", "reason": payload("segment")}),
    )
    .await;
    let contact = api(
        &app,
        post.clone(),
        &format!("/api/v1/accounts/{id}/contacts"),
        json!({
            "first_name": payload("first"),
            "last_name": payload("last"),
            "title": payload("title"),
            "notes": payload("notes"),
            "marketing_consent": "given",
            "consent_date": "2026-11-01",
            "consent_source": payload("source")
        }),
    )
    .await;
    let contact_id = contact["id"].as_i64().unwrap();
    let me = api(
        &app,
        post.clone(),
        "/api/v1/me/tokens",
        json!({"name": payload("token")}),
    )
    .await;
    assert!(me["token"].is_string());

    // An encounter and a task about the account, their texts payloads too.
    api(
        &app,
        post.clone(),
        &format!("/api/v1/accounts/{id}/encounters"),
        json!({"kind": "meeting", "date": "2026-11-30", "summary": payload("summary"),
               "outcome": payload("outcome"), "next_step": payload("next")}),
    )
    .await;
    api(
        &app,
        post.clone(),
        "/api/v1/tasks",
        json!({"title": payload("task"), "due": "2026-01-01", "account_id": id,
               "owner": owner.name}),
    )
    .await;

    // A target of the account whose note is a payload.
    let year = chrono::Local::now().date_naive().format("%Y").to_string();
    api(
        &app,
        post.clone(),
        "/api/v1/targets",
        json!({"scope": "customer", "account_id": id, "metric": "revenue", "period": year,
               "target": "1000", "note": payload("tnote")}),
    )
    .await;
    // An account plan whose texts are payloads.
    api(
        &app,
        reqwest::Method::PUT,
        &format!("/api/v1/accounts/{id}/plan"),
        json!({"summary": payload("plan"),
               "goals": [{"metric": "custom", "name": payload("goal"), "baseline": "0",
                          "target": "3"}],
               "actions": [{"title": payload("action"), "owner": owner.name, "due": "2026-01-01"}],
               "script": [{"stage": "retention", "kind": "visit", "participants": payload("who"),
                           "exchanged": payload("what")}]}),
    )
    .await;

    let browser = Browser::start().await;
    sign_in(&browser, &app).await;
    let search = encode(&payload("name"));
    let pages: Vec<(String, Vec<&str>)> = vec![
        ("/accounts".into(), vec!["name", "municipality"]),
        (format!("/accounts?q={search}"), vec!["name"]),
        (
            format!("/accounts?tag={}", encode(&short_payload("tag"))),
            vec!["name"],
        ),
        (
            format!("/accounts/{id}"),
            vec![
                "name", "industry", "street", "wishes", "tag", "custom", "label", "first", "last",
                "title", "user", "pool", "rating", "segment", "summary", "outcome", "next", "task",
                "plan", "goal", "action", "who", "what", "tnote",
            ],
        ),
        (format!("/targets?period={year}"), vec!["name", "tnote"]),
        (
            format!("/accounts/{id}/plan"),
            vec!["name", "plan", "goal", "action", "who", "what"],
        ),
        ("/plans".into(), vec!["name", "user"]),
        ("/work".into(), vec!["task", "name"]),
        (format!("/accounts/{id}/edit"), vec!["label"]),
        (format!("/accounts/{id}/delete"), vec!["name"]),
        (format!("/accounts/{id}/contacts/new"), vec!["name"]),
        ("/contacts".into(), vec!["first", "name", "title"]),
        (format!("/contacts?q={}", encode("last")), vec!["last"]),
        (format!("/contacts/{contact_id}/edit"), vec![]),
        (format!("/contacts/{contact_id}/delete"), vec!["last"]),
        ("/duplicates".into(), vec!["name"]),
        ("/settings/fields".into(), vec!["label"]),
        ("/settings/users".into(), vec!["user", "team"]),
        (format!("/settings/users/{}", owner.id), vec!["user"]),
        ("/me".into(), vec!["token"]),
        (
            format!("/contacts/{contact_id}"),
            vec!["first", "last", "title", "source"],
        ),
        (
            format!("/contacts/{contact_id}/personal-data"),
            vec!["first", "last", "title", "notes", "source", "name"],
        ),
        (format!("/contacts/{contact_id}/erase"), vec![]),
        ("/settings/retention".into(), vec![]),
        ("/analysis".into(), vec!["name"]),
        ("/analysis?sort=name".into(), vec!["name"]),
        ("/settings/analysis".into(), vec![]),
        ("/imports".into(), vec![]),
        ("/audit".into(), vec!["name", "wishes", "token"]),
        (format!("/audit?actor={}", encode(&owner.name)), vec![]),
    ];
    for (path, visible) in &pages {
        browser.goto(&format!("{}{path}", app.address)).await;
        browser.wait_for("main", WAIT).await;
        assert_escaped(&browser, path, visible).await;
    }

    // Values typed into form fields come back escaped in the field, also when the form is
    // refused and shown again.
    browser
        .goto(&format!("{}/accounts/{id}/edit", app.address))
        .await;
    assert_eq!(
        browser.value("form#account-form input[name=name]").await,
        payload("name")
    );
    browser.goto(&format!("{}/accounts/new", app.address)).await;
    submit_account(
        &browser,
        &payload("typed"),
        "0112038-8",
        &payload("typedtown"),
    )
    .await;
    browser.wait_for("#error-business_id", WAIT).await;
    assert_escaped(&browser, "the refused form", &[]).await;
    assert_eq!(
        browser.value("form#account-form input[name=name]").await,
        payload("typed")
    );

    // The live search puts the server's results into the page.
    browser.goto(&format!("{}/accounts", app.address)).await;
    browser.wait_for("form#account-search", WAIT).await;
    browser
        .send_keys("form#account-search input[name=q]", "name")
        .await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_escaped(&browser, "the live search", &["name"]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromedriver; run by scripts/test"]
async fn an_account_manager_accepts_a_suggestion_does_the_task_and_sees_adherence_rise() {
    let app = spawn_app().await;
    let mikko = app
        .add_user("Mikko Myyjä", arvo_core::Role::AccountManager, None)
        .await;
    // Kone Oy, a key account of Mikko's: reviewed 60 days ago (the care model asks for one
    // every 90), last contacted 47 days ago (it asks for contact every 30): one of two met.
    let actor = arvo_core::Actor::new("tests", "cli");
    let draft = arvo_core::AccountInput {
        name: Some("Kone Oy".into()),
        owner: Some(mikko.name.clone()),
        ..arvo_core::AccountInput::default()
    }
    .validate(&[])
    .unwrap();
    let kone = app.store.create_account(&draft, &actor).await.unwrap().id;
    app.store
        .set_manual_segment(kone, Some(("retain", "value")), "Avainasiakas", &actor)
        .await
        .unwrap();
    let today = arvo_web::i18n::helsinki_date(chrono::Utc::now());
    for (kind, days_ago) in [("business_review", 60), ("call", 47)] {
        let day = today - chrono::Days::new(days_ago);
        api(
            &app,
            reqwest::Method::POST,
            &format!("/api/v1/accounts/{kone}/encounters"),
            json!({ "kind": kind, "date": day.to_string(), "summary": "Kuulumiset" }),
        )
        .await;
    }
    let browser = Browser::start().await;
    browser.goto(&format!("{}/work", app.address)).await;
    browser
        .wait_for_url("the sign-in page", WAIT, |url| path_of(url) == "/login")
        .await;
    browser
        .send_keys("form#login-form input#email", &mikko.email)
        .await;
    browser
        .send_keys("form#login-form input#password", TEST_PASSWORD)
        .await;
    browser.click("form#login-form button#sign-in").await;
    browser
        .wait_for_url("My work after signing in", WAIT, |url| {
            path_of(url) == "/work"
        })
        .await;
    assert_eq!(browser.text("#adherence-met").await, "1");
    assert_eq!(browser.text("#adherence-required").await, "2");
    browser.wait_for("#suggestions .suggestion", WAIT).await;
    let reason = browser.text("#suggestions .suggestion").await;
    assert!(
        reason.contains("Kone Oy") && reason.contains("47"),
        "{reason}"
    );
    assert!(browser.try_find("#tasks table.tasks").await.is_none());

    browser
        .click("#suggestions .suggestion form.accept-form button")
        .await;
    browser
        .wait_for("#tasks table.tasks tr[id^=task-]", WAIT)
        .await;
    assert!(browser.try_find("#suggestions .suggestion").await.is_none());
    let task = browser.text("#tasks table.tasks tbody tr").await;
    assert!(task.contains("Kone Oy"), "{task}");
    // Accepting is a promise, not care: adherence stays until the task is done.
    assert_eq!(browser.text("#adherence-met").await, "1");

    browser
        .click("#tasks table.tasks form.task-done-form button")
        .await;
    browser.wait_for("p.notice", WAIT).await;
    assert!(browser.try_find("#tasks table.tasks").await.is_none());
    assert_eq!(browser.text("#adherence-met").await, "2");
    assert_eq!(browser.text("#adherence-required").await, "2");

    // The call the task recorded is on the customer's timeline.
    browser
        .goto(&format!("{}/accounts/{kone}?show=encounters", app.address))
        .await;
    browser.wait_for("#care-timeline", WAIT).await;
    let timeline = browser.text("#care-timeline").await;
    assert!(timeline.contains("Puhelu"), "{timeline}");
}
