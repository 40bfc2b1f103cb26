//! The request context of a page: the user's language and the current address.

use super::{Layout, PageError};
use crate::auth::Caller;
use crate::error::AppError;
use crate::i18n::{Lang, Texts};
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use std::convert::Infallible;

/// What every page handler knows about its request.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub lang: Lang,
    /// Path and query of the request.
    pub path: String,
    /// The signed-in user; `None` only on the public pages.
    pub caller: Option<Caller>,
}

/// The language named by `lang=` in a query string.
pub fn lang_from_query(query: &str) -> Option<Lang> {
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("lang=").and_then(Lang::parse))
}

fn lang_from_cookie(header: &str) -> Option<Lang> {
    header
        .split(';')
        .find_map(|c| c.trim().strip_prefix("arvo_lang=").and_then(Lang::parse))
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let header_str = |name| {
            parts
                .headers
                .get(name)
                .and_then(|v: &header::HeaderValue| v.to_str().ok())
        };
        let caller = parts.extensions.get::<Caller>().cloned();
        let lang = parts
            .uri
            .query()
            .and_then(lang_from_query)
            .or_else(|| header_str(header::COOKIE).and_then(lang_from_cookie))
            .or_else(|| caller.as_ref().and_then(|c| Lang::parse(&c.user.language)))
            .or_else(|| header_str(header::ACCEPT_LANGUAGE).map(Lang::from_accept_language))
            .unwrap_or_default();
        let path = parts
            .uri
            .path_and_query()
            .map_or_else(|| "/".to_owned(), ToString::to_string);
        Ok(Self { lang, path, caller })
    }
}

impl Ctx {
    pub fn t(&self) -> &'static Texts {
        self.lang.texts()
    }

    /// The signed-in user; a page reached without one sends the browser to sign in.
    pub fn caller(&self) -> Result<&Caller, PageError> {
        self.caller
            .as_ref()
            .ok_or_else(|| self.fail(AppError::Unauthorized))
    }

    /// The signed-in user, if their role allows `action`; otherwise the "not allowed" page, so
    /// that a form that could not be saved is never shown.
    pub fn allowed(&self, action: arvo_core::Action) -> Result<&Caller, PageError> {
        let caller = self.caller()?;
        caller.require(action).map_err(|e| self.fail(e))?;
        Ok(caller)
    }

    /// The page frame with a title and the current navigation item.
    pub fn layout(&self, title: &str, nav: &'static str) -> Layout {
        let may = |a| self.caller.as_ref().is_some_and(|c| c.may(a));
        Layout {
            lang: self.lang,
            title: title.to_owned(),
            nav,
            back: self.path.clone(),
            notice: None,
            user: self.caller.as_ref().map(|c| c.user.name.clone()),
            csrf: self
                .caller
                .as_ref()
                .and_then(|c| c.csrf_token.clone())
                .unwrap_or_default(),
            may_edit: may(arvo_core::Action::EditCustomers),
            may_manage_fields: may(arvo_core::Action::ManageCustomFields),
            may_delete: may(arvo_core::Action::DeleteCustomers),
            may_merge: may(arvo_core::Action::MergeDuplicates),
            may_manage_users: may(arvo_core::Action::ManageUsers),
            may_import: self
                .caller
                .as_ref()
                .is_some_and(|c| crate::imports::require(c).is_ok()),
            may_view_audit: self.caller.as_ref().is_some_and(crate::audit::allowed),
            may_manage_personal_data: may(arvo_core::Action::ManagePersonalData),
            may_manage_settings: may(arvo_core::Action::ManageSettings),
            may_view_analysis: self
                .caller
                .as_ref()
                .is_some_and(|c| crate::analysis::require_view(c).is_ok()),
            may_manage_analysis: may(arvo_core::Action::ManageAnalysis),
            may_rate: may(arvo_core::Action::RateCustomers),
            may_manage_care: may(arvo_core::Action::ManageCareModels),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_language_from_query_and_cookie() {
        assert_eq!(lang_from_query("q=a&lang=en"), Some(Lang::En));
        assert_eq!(lang_from_query("q=a"), None);
        assert_eq!(lang_from_cookie("a=b; arvo_lang=en"), Some(Lang::En));
    }
}
