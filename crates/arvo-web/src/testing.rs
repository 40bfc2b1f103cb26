//! Test support: the real server on a free port with a fresh database of its own.

use crate::{AppState, router};
use arvo_store::Store;

/// A running test server.
pub struct TestApp {
    /// Like `http://127.0.0.1:PORT`.
    pub address: String,
    pub store: Store,
}

/// Starts the application on port 0 with a new database: a temporary SQLite file, or a fresh
/// PostgreSQL database when `ARVO_TEST_DATABASE_URL` is set.
pub async fn spawn_app() -> TestApp {
    let url = arvo_store::testing::fresh_database_url().await;
    let store = Store::open(&url).await.expect("open test database");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a free port");
    let address = format!("http://{}", listener.local_addr().expect("local address"));
    let app = router(AppState {
        store: store.clone(),
    });
    tokio::spawn(async move {
        axum::serve(listener, app).await.expect("test server");
    });
    TestApp { address, store }
}
