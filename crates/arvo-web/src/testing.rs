//! Test support: the real server on a free port with a fresh database of its own, an
//! administrator and an API token for them.

use crate::auth::AuthConfig;
use crate::users as service;
use crate::{AppState, router};
use arvo_core::{Actor, Role, UserInput};
use arvo_store::{Store, User};
use std::net::SocketAddr;

/// The password of every user [`TestApp::add_user`] creates.
pub const TEST_PASSWORD: &str = "testisalasana-123";

/// A running test server.
pub struct TestApp {
    /// Like `http://127.0.0.1:PORT`.
    pub address: String,
    /// The database's URL.
    pub url: String,
    pub store: Store,
    /// The administrator the server starts with.
    pub admin: User,
    /// An API token of the administrator.
    pub token: String,
}

/// Starts the application on port 0 with a new database: a temporary SQLite file, or a fresh
/// PostgreSQL database when `ARVO_TEST_DATABASE_URL` is set. Failed sign-ins are not slowed
/// down, so that tests stay fast.
pub async fn spawn_app() -> TestApp {
    let url = arvo_store::testing::fresh_database_url().await;
    let store = Store::open(&url).await.expect("open test database");
    let address = serve(store.clone()).await;
    let admin = add_user(&store, "Testi Ylläpitäjä", Role::Admin, None).await;
    let token = token_for(&store, &admin).await;
    TestApp {
        address,
        url,
        store,
        admin,
        token,
    }
}

/// Serves the application on a free port; returns its address.
async fn serve(store: Store) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a free port");
    let address = format!("http://{}", listener.local_addr().expect("local address"));
    let auth = AuthConfig {
        failure_delay: std::time::Duration::ZERO,
        ..AuthConfig::default()
    };
    let app = router(AppState::new(store, auth));
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .expect("test server");
    });
    address
}

impl TestApp {
    /// Closes the database and starts another server on it, as a restart would: the users
    /// and tokens stay.
    pub async fn restart(self) -> TestApp {
        self.store.close().await;
        let store = Store::open(&self.url).await.expect("reopen test database");
        let address = serve(store.clone()).await;
        TestApp {
            address,
            store,
            ..self
        }
    }

    /// Adds an active user with [`TEST_PASSWORD`]; the email is made from the name.
    pub async fn add_user(&self, name: &str, role: Role, team: Option<&str>) -> User {
        add_user(&self.store, name, role, team).await
    }

    /// A new API token of `user`.
    pub async fn token_for(&self, user: &User) -> String {
        token_for(&self.store, user).await
    }
}

async fn add_user(store: &Store, name: &str, role: Role, team: Option<&str>) -> User {
    let email = format!(
        "{}@example.fi",
        name.to_lowercase()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
    );
    let input = UserInput {
        name: name.into(),
        email,
        language: "fi".into(),
        role: role.as_str().into(),
        team: team.unwrap_or_default().into(),
    };
    service::create_user(store, &input, Some(TEST_PASSWORD), &test_actor())
        .await
        .expect("create test user")
}

async fn token_for(store: &Store, user: &User) -> String {
    service::create_token(store, user, "tests", &test_actor())
        .await
        .expect("create test token")
        .0
}

fn test_actor() -> Actor {
    Actor::new("tests", "cli")
}
