//! Arvo's web application: the JSON API (`api`), the server-rendered pages (`ui`) and the
//! application services both call (`service`). Handlers parse requests and present results;
//! business rules live in arvo-core and SQL in arvo-store.

pub mod api;
pub mod error;
pub mod i18n;
pub mod service;
pub mod testing;
pub mod ui;

use arvo_store::Store;
use axum::Router;
use tokio::net::TcpListener;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
}

/// The whole application: API, pages and static files.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(api::routes())
        .merge(ui::routes())
        .with_state(state)
}

/// Serves the application on a bound listener until the process receives Ctrl-C or SIGTERM.
pub async fn serve(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    axum::serve(listener, router(state))
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
