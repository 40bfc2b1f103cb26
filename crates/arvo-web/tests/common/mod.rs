//! What the integration tests share: a client that does not follow redirects, API calls with a
//! token, a browser-like session signed in through the sign-in form, and the page routes the
//! router declares.

#![allow(dead_code)]

use arvo_web::testing::TestApp;
use reqwest::{Client, Method, StatusCode};
use serde_json::Value;

pub fn plain() -> Client {
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

pub async fn call(
    app: &TestApp,
    token: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut r = plain()
        .request(method, format!("{}{path}", app.address))
        .bearer_auth(token);
    if let Some(b) = body {
        r = r.json(&b);
    }
    let r = r.send().await.unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// A browser session: signs in through the form like a person would.
pub struct Session {
    pub client: Client,
    pub base: String,
}

pub fn hidden_value(html: &str, name: &str) -> String {
    let marker = format!(r#"name="{name}" value=""#);
    let start = html
        .find(&marker)
        .map(|i| i + marker.len())
        .expect("hidden field");
    html[start..].split('"').next().unwrap().to_owned()
}

impl Session {
    pub async fn sign_in(app: &TestApp, email: &str, password: &str) -> (Self, StatusCode) {
        let client = Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .cookie_store(true)
            .build()
            .unwrap();
        let base = app.address.clone();
        let html = client
            .get(format!("{base}/login"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let token = hidden_value(&html, "_csrf");
        let r = client
            .post(format!("{base}/login"))
            .form(&[
                ("email", email),
                ("password", password),
                ("_csrf", &token),
                ("next", "/contacts"),
            ])
            .send()
            .await
            .unwrap();
        (Self { client, base }, r.status())
    }

    pub async fn page(&self, path: &str) -> String {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// Posts a form and gives the answer's status and page (a redirect is not followed).
    pub async fn submit<T: serde::Serialize + ?Sized>(
        &self,
        path: &str,
        fields: &T,
    ) -> (StatusCode, String) {
        let r = self
            .client
            .post(format!("{}{path}", self.base))
            .form(fields)
            .send()
            .await
            .unwrap();
        (r.status(), r.text().await.unwrap())
    }

    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> StatusCode {
        self.client
            .post(format!("{}{path}", self.base))
            .form(fields)
            .send()
            .await
            .unwrap()
            .status()
    }
}

/// The page routes the router declares in `ui/mod.rs`, with the methods each answers, read from
/// its source so that a new page cannot be left out of the tests that walk them. Path
/// parameters are filled with harmless values.
pub fn page_routes() -> Vec<(Method, String)> {
    let source = include_str!("../../src/ui/mod.rs");
    let mut routes = Vec::new();
    for part in source.split(".route(").skip(1) {
        let Some(path) = part.split('"').nth(1) else {
            continue;
        };
        let handlers = part.split(".layer(").next().unwrap_or(part);
        let concrete = path
            .replace("{id}", "1")
            .replace("{key}", "x")
            .replace("{code}", "fi")
            .replace("{what}", "invoices");
        for (marker, method) in [("get(", Method::GET), ("post(", Method::POST)] {
            if handlers.contains(marker) {
                routes.push((method, concrete.clone()));
            }
        }
    }
    routes
}

/// Imports order lines straight through the store, as the order import does, in `actor`'s name.
pub async fn import_order_lines(
    app: &TestApp,
    lines: &[arvo_store::imports::OrderLineRecord],
    actor: &arvo_core::Actor,
) {
    let mut import = app.store.begin_order_import().await.unwrap();
    import.stage(lines).await.unwrap();
    import
        .finish(&arvo_store::imports::ImportOptions {
            dry_run: false,
            skip_invalid: false,
            rejected_before: 0,
            rows_read: lines.len() as u64,
            file_name: "tilaukset.csv",
            actor,
        })
        .await
        .unwrap();
}

/// An order line of one unit of the bearing P-1 at `net` cents (cost 60 %), sold directly to
/// `customer` on `date`.
pub fn order_line(
    order: &str,
    customer: &str,
    date: chrono::NaiveDate,
    net: i64,
) -> arvo_store::imports::OrderLineRecord {
    arvo_store::imports::OrderLineRecord {
        row: 2,
        order_number: order.into(),
        line_number: 1,
        customer_number: Some(customer.into()),
        business_id: None,
        order_date: date,
        product_number: "P-1".into(),
        product_name: Some("Laakeri".into()),
        product_group: Some("Laakerit".into()),
        quantity_milli: 1000,
        unit_price_cents: net,
        unit_cost_cents: Some(net * 6 / 10),
        discount_bp: 0,
        net_cents: net,
        cost_cents: Some(net * 6 / 10),
        channel: "direct".into(),
        reseller: None,
    }
}
