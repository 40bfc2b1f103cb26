//! Who may do what: users' roles, the organisation's record-visibility rule, and the rules that
//! decide whether a user may take an action or see an account. The web layer asks these before
//! every read and change; nothing here knows about sessions or HTTP.

use crate::choice_enum;
use crate::email::Email;
use crate::validation::{Problem, ValidationErrors};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

choice_enum!(
    /// What a user is trusted with.
    Role {
        Admin => "admin",
        Manager => "manager",
        AccountManager => "account_manager",
        ReadOnly => "read_only",
    }
);

choice_enum!(
    /// Which accounts account managers and read-only users see: the ones they own, their team's,
    /// or all. Admins always see all; managers see their team's unless the rule is "all".
    /// Accounts without an owner are seen by everyone, so that none is forgotten.
    Visibility { Own => "own", Team => "team", All => "all" }
);

choice_enum!(
    /// The things a user can do, each granted by role.
    Action {
        ReadCustomers => "read_customers",
        EditCustomers => "edit_customers",
        DeleteCustomers => "delete_customers",
        MergeDuplicates => "merge_duplicates",
        ManageCustomFields => "manage_custom_fields",
        ManageUsers => "manage_users",
        ViewAudit => "view_audit",
        ManagePersonalData => "manage_personal_data",
        ManageSettings => "manage_settings",
        ImportData => "import_data",
        ViewAnalysis => "view_analysis",
        ManageAnalysis => "manage_analysis",
        RateCustomers => "rate_customers",
        ManageCareModels => "manage_care_models",
        UseOwnTokens => "use_own_tokens",
    }
);

impl Role {
    /// Whether this role may take `action` (on the records it can see).
    pub fn allows(self, action: Action) -> bool {
        use Action as A;
        match self {
            Self::Admin => true,
            Self::Manager => !matches!(action, A::ManageUsers | A::ManageSettings),
            Self::AccountManager => matches!(
                action,
                A::ReadCustomers
                    | A::EditCustomers
                    | A::MergeDuplicates
                    | A::RateCustomers
                    | A::UseOwnTokens
            ),
            Self::ReadOnly => matches!(action, A::ReadCustomers | A::UseOwnTokens),
        }
    }
}

/// A signed-in user as the rules see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Principal {
    pub user_id: i64,
    pub name: String,
    pub role: Role,
    pub team_id: Option<i64>,
}

/// Which accounts a user sees, as the store filters them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Scope {
    /// Every account.
    #[default]
    All,
    /// Accounts without an owner, and those owned by one of these users (by name).
    OwnedBy(Vec<String>),
}

impl Scope {
    /// Whether an account with this owner is in scope.
    pub fn includes(&self, owner: Option<&str>) -> bool {
        match (self, owner) {
            (Self::All, _) | (Self::OwnedBy(_), None) => true,
            (Self::OwnedBy(names), Some(owner)) => names.iter().any(|n| n == owner),
        }
    }
}

impl Principal {
    pub fn may(&self, action: Action) -> bool {
        self.role.allows(action)
    }

    /// What the organisation's rule lets this user see; `team_members` are the names of the
    /// users in this user's team (including this user).
    pub fn scope(&self, rule: Visibility, team_members: &[String]) -> Scope {
        let own = || Scope::OwnedBy(vec![self.name.clone()]);
        let team = || {
            if self.team_id.is_some() {
                let mut names = team_members.to_vec();
                if !names.contains(&self.name) {
                    names.push(self.name.clone());
                }
                Scope::OwnedBy(names)
            } else {
                own()
            }
        };
        match (self.role, rule) {
            (Role::Admin, _) | (_, Visibility::All) => Scope::All,
            (Role::Manager, _) | (_, Visibility::Team) => team(),
            (_, Visibility::Own) => own(),
        }
    }
}

/// The shortest password accepted.
pub const PASSWORD_MIN: usize = 10;
/// The longest password accepted (argon2 hashes any length, but a limit stops abuse).
pub const PASSWORD_MAX: usize = 200;

/// Checks a new password's length.
pub fn check_password(password: &str) -> Result<(), Problem> {
    let n = password.chars().count();
    if n < PASSWORD_MIN {
        Err(Problem::TooShort { min: PASSWORD_MIN })
    } else if n > PASSWORD_MAX {
        Err(Problem::TooLong { max: PASSWORD_MAX })
    } else {
        Ok(())
    }
}

/// A new or changed user as a client sends it.
/// The longest team name.
pub const TEAM_NAME_MAX: usize = 100;

/// A team's name, trimmed: required and at most [`TEAM_NAME_MAX`] characters.
pub fn team_name(name: &str) -> Result<String, Problem> {
    let name = name.trim();
    if name.is_empty() {
        Err(Problem::Required)
    } else if name.chars().count() > TEAM_NAME_MAX {
        Err(Problem::TooLong { max: TEAM_NAME_MAX })
    } else {
        Ok(name.to_owned())
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct UserInput {
    pub name: String,
    pub email: String,
    /// `fi` or `en`.
    pub language: String,
    /// `admin`, `manager`, `account_manager` or `read_only`.
    pub role: String,
    /// The team's name; empty for none.
    pub team: String,
}

/// A validated user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserDraft {
    pub name: String,
    pub email: Email,
    pub language: String,
    pub role: Role,
    pub team: Option<String>,
}

impl UserInput {
    pub fn validate(&self) -> Result<UserDraft, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let name = self.name.trim();
        if name.is_empty() {
            e.add("name", Problem::Required);
        } else if name.chars().count() > crate::account::NAME_MAX {
            e.add(
                "name",
                Problem::TooLong {
                    max: crate::account::NAME_MAX,
                },
            );
        }
        let email = if self.email.trim().is_empty() {
            e.add("email", Problem::Required);
            None
        } else {
            e.take("email", Email::parse(&self.email))
        };
        let language = match self.language.trim() {
            "" | "fi" => "fi",
            "en" => "en",
            _ => {
                e.add(
                    "language",
                    Problem::Choice {
                        allowed: vec!["fi".into(), "en".into()],
                    },
                );
                "fi"
            }
        };
        let role = e.take("role", Role::parse_field(&self.role));
        let team = match self.team.trim() {
            "" => None,
            t => e.take("team", team_name(t)),
        };
        match (email, role) {
            (Some(email), Some(role)) if e.is_empty() => Ok(UserDraft {
                name: name.to_owned(),
                email,
                language: language.to_owned(),
                role,
                team,
            }),
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role, team: Option<i64>) -> Principal {
        Principal {
            user_id: 1,
            name: "Liisa".into(),
            role,
            team_id: team,
        }
    }

    #[test]
    fn roles_grant_what_they_should() {
        for action in Action::ALL {
            assert!(Role::Admin.allows(*action));
        }
        assert!(!Role::Manager.allows(Action::ManageUsers));
        assert!(!Role::Manager.allows(Action::ManageSettings));
        assert!(Role::Manager.allows(Action::ImportData));
        assert!(!Role::AccountManager.allows(Action::ImportData));
        assert!(Role::Manager.allows(Action::ManagePersonalData));
        assert!(!Role::AccountManager.allows(Action::ManagePersonalData));
        assert!(Role::Manager.allows(Action::ViewAudit));
        assert!(Role::AccountManager.allows(Action::EditCustomers));
        assert!(!Role::AccountManager.allows(Action::DeleteCustomers));
        assert!(!Role::AccountManager.allows(Action::ViewAudit));
        let read_only: Vec<Action> = Action::ALL
            .iter()
            .copied()
            .filter(|a| Role::ReadOnly.allows(*a))
            .collect();
        assert_eq!(read_only, [Action::ReadCustomers, Action::UseOwnTokens]);
    }

    #[test]
    fn scope_follows_role_and_rule() {
        let team = vec!["Liisa".to_owned(), "Matti".to_owned()];
        let rep = user(Role::AccountManager, Some(3));
        assert_eq!(rep.scope(Visibility::All, &team), Scope::All);
        assert_eq!(
            rep.scope(Visibility::Own, &team),
            Scope::OwnedBy(vec!["Liisa".into()])
        );
        assert_eq!(
            rep.scope(Visibility::Team, &team),
            Scope::OwnedBy(team.clone())
        );
        assert_eq!(
            user(Role::Manager, Some(3)).scope(Visibility::Own, &team),
            Scope::OwnedBy(team.clone())
        );
        assert_eq!(
            user(Role::Admin, None).scope(Visibility::Own, &[]),
            Scope::All
        );
        // Without a team, "team" means one's own.
        assert_eq!(
            user(Role::ReadOnly, None).scope(Visibility::Team, &[]),
            Scope::OwnedBy(vec!["Liisa".into()])
        );
        let own = rep.scope(Visibility::Own, &team);
        assert!(own.includes(Some("Liisa")));
        assert!(own.includes(None));
        assert!(!own.includes(Some("Matti")));
    }

    #[test]
    fn passwords_and_users_are_checked() {
        assert!(check_password("lyhyt").is_err());
        assert!(check_password("riittävän pitkä").is_ok());
        let ok = UserInput {
            name: " Liisa Virtanen ".into(),
            email: "Liisa@Example.fi".into(),
            language: String::new(),
            role: "account_manager".into(),
            team: " Itä ".into(),
        }
        .validate()
        .unwrap();
        assert_eq!(ok.name, "Liisa Virtanen");
        assert_eq!(ok.role, Role::AccountManager);
        assert_eq!(ok.team.as_deref(), Some("Itä"));
        assert_eq!(ok.language, "fi");
        let bad = UserInput {
            role: "boss".into(),
            email: "nope".into(),
            language: "sv".into(),
            ..UserInput::default()
        }
        .validate()
        .unwrap_err();
        let fields: Vec<&str> = bad.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "email", "language", "role"]);
    }
}
