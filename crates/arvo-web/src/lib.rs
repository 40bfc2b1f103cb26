//! Arvo's web application: the JSON API (`api`), the server-rendered pages (`ui`) and the
//! application services both call (`service`, `analysis`, `analysis_tables`, `audit`, `exports`,
//! `imports`, `uploads`). Handlers parse requests and present results; business rules live in
//! arvo-core and SQL in arvo-store.

pub mod analysis;
pub mod analysis_tables;
pub mod api;
pub mod audit;
pub mod auth;
pub mod calendar;
pub mod care;
pub mod digest;
pub mod error;
pub mod exports;
pub mod i18n;
pub mod imports;
pub mod personal_data;
pub mod plans;
pub mod schedule;
pub mod service;
pub mod targets;
pub mod testing;
pub mod ui;
pub mod uploads;
pub mod users;

use arvo_store::Store;
use auth::AuthConfig;
use axum::Router;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub auth: Arc<AuthConfig>,
    /// While no user exists, the one-time token that opens the set-up page.
    pub setup_token: Option<Arc<str>>,
    /// Files uploaded for import, and their checks and imports under way.
    pub uploads: uploads::Uploads,
}

impl AppState {
    pub fn new(store: Store, auth: AuthConfig) -> Self {
        Self {
            store,
            auth: Arc::new(auth),
            setup_token: None,
            uploads: uploads::Uploads::default(),
        }
    }
}

/// The whole application: API, pages and static files, every route behind the sign-in check
/// except the public ones (`auth::is_public`).
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(api::routes())
        .merge(ui::routes())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::authenticate,
        ))
        .with_state(state)
}

/// Serves the application on a bound listener until the process receives Ctrl-C or SIGTERM.
pub async fn serve(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
