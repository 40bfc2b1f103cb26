//! Arvo's domain: validated value types, the customer master's records and the rules that act on
//! them. Everything here is a pure function over plain data: no I/O, no async, no database, no HTTP,
//! so it can only fail on invalid input and is easy to test and benchmark.

pub mod access;
pub mod account;
pub mod analysis;
pub mod behaviour;
pub mod business_id;
pub mod care;
mod choice;
pub mod clv;
pub mod collation;
pub mod contact;
pub mod custom_field;
pub mod dates;
pub mod duplicates;
pub mod email;
pub mod groups;
pub mod history;
pub mod money;
pub mod numbers;
pub mod patch;
pub mod period;
pub mod personal_data;
pub mod plan;
pub mod profitability;
pub mod purchases;
pub mod retention;
pub mod scoring;
pub mod segments;
pub mod targets;
pub mod text;
pub mod unit;
pub mod validation;
pub mod whale;
pub mod work;

pub use access::{Action, Principal, Role, Scope, UserDraft, UserInput, Visibility};
pub use account::{Account, AccountDraft, AccountInput, AccountKind, AccountStatus, SizeClass};
pub use business_id::BusinessId;
pub use contact::{BuyingRole, ConsentStatus, Contact, ContactDraft, ContactInput};
pub use custom_field::{CustomFieldDef, CustomFieldKind};
pub use email::Email;
pub use history::{Actor, FieldChange};
pub use money::Money;
pub use numbers::{Decimal, DecimalMark};
pub use purchases::{
    AccountKey, Channel, DeliveryDraft, DeliveryInput, Discount, Hours, InvoiceDraft, InvoiceInput,
    OrderLineDraft, OrderLineInput, ProductDraft, ProductInput, Quantity, ReturnDraft, ReturnInput,
    ServiceEntryDraft, ServiceEntryInput, VisitDraft, VisitInput,
};
pub use validation::{FieldError, Problem, ValidationErrors};
