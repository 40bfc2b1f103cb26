//! Demonstration and benchmark data for Arvo. [`demo_customer_master`] gives a small, realistic
//! Finnish customer master with a few planted duplicates for demos and screenshots;
//! [`synthetic`] streams any number of generated accounts for benchmarks. Both are deterministic:
//! the same call gives the same data on every machine, because the crate carries its own
//! pseudo-random number generator.
//!
//! Purchases and activity come in the plain records of [`purchases`] (money in cents,
//! quantities and hours in thousandths, discounts in basis points). [`demo_purchases`] gives
//! the demo customers' four years of orders, deliveries, invoices, service hours, sales visits
//! and returns up to a given day, built so that the value analysis finds real differences:
//! loss-making heavy-discount key accounts, loyal profitable customers, small demanding ones,
//! slow payers, lapsing, lost, new and former customers, and a tourism firm's seasons.
//! [`generate`] makes benchmark data of any size: customers, products and a stream of order
//! lines that is produced line by line, so millions of lines are never held in memory.
//! [`demo_value_inputs`] gives what the demo's account owners have entered beyond the purchases:
//! estimated needs and ratings of the people-rated value criteria. [`demo_care_models`] and
//! [`demo_encounters`] give the care models the demo businesses work by and a year of each
//! customer's encounters, kept up at different levels; [`demo_plan`] the key accounts' account
//! plans and [`demo_targets`] the year's targets.
//!
//! Nothing here does I/O: every function is a pure function of its arguments.

mod care;
mod catalogue;
mod costs;
mod demo;
mod generate;
mod history;
mod parts;
mod plans;
pub mod purchases;
mod rng;
mod synthetic;
mod value;
mod vocab;

#[cfg(test)]
mod purchase_tests;
#[cfg(test)]
mod tests;

pub use care::{DemoEncounter, demo_care_models, demo_encounters};
pub use costs::demo_cost_pools;
pub use demo::{demo_custom_fields, demo_customer_master, demo_owners};
pub use generate::{GENERATED_END, Generated, OrderLines, generate, generate_until};
pub use history::demo_purchases;
pub use plans::{DemoPlan, demo_plan, demo_targets};
pub use purchases::{
    Delivery, Invoice, OrderLine, Product, PurchaseData, Return, ServiceEntry, Visit,
};
pub use synthetic::synthetic;
pub use value::{DemoRating, DemoValueInput, demo_value_inputs};

/// An account with its contacts, both already in the form Arvo's validation produces.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoAccount {
    pub account: arvo_core::AccountDraft,
    pub contacts: Vec<arvo_core::ContactDraft>,
}
