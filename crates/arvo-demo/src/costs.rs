//! The demo's cost pools: what serving its customers costs the two demo businesses in a year,
//! by activity, sized to their volumes (about 4 000 orders, 17 000 order lines, 4 000
//! deliveries, 2 400 invoices, 3 300 service hours, 360 sales visits and 90 returns a year), so
//! that the profitability analysis has small demanding customers below zero and big efficient
//! ones on top. The costs not caused by any customer (brand marketing, winning new customers)
//! stay unallocated.

use arvo_core::profitability::{CostLayer, CostPool, Driver};

/// The demo's cost pools, each with its yearly cost.
pub fn demo_cost_pools() -> Vec<CostPool> {
    let pool = |name: &str, euros: i64, driver, layer| CostPool {
        name: name.into(),
        cost_cents: euros * 100,
        driver,
        layer,
    };
    vec![
        pool(
            "Tilausten käsittely",
            160_000,
            Driver::Orders,
            CostLayer::Sales,
        ),
        pool("Keräily", 210_000, Driver::OrderLines, CostLayer::Service),
        pool(
            "Toimitukset",
            350_000,
            Driver::Deliveries,
            CostLayer::Service,
        ),
        pool(
            "Laskutus ja perintä",
            60_000,
            Driver::Invoices,
            CostLayer::Sales,
        ),
        pool(
            "Asiakaspalvelu ja huolto",
            215_000,
            Driver::ServiceHours,
            CostLayer::Service,
        ),
        pool("Myyntikäynnit", 160_000, Driver::Visits, CostLayer::Sales),
        pool(
            "Palautusten käsittely",
            13_500,
            Driver::Returns,
            CostLayer::Service,
        ),
        pool(
            "Maksuajan pääomakulu",
            57_000,
            Driver::PaymentDays,
            CostLayer::Sales,
        ),
        pool(
            "Markkinointi",
            120_000,
            Driver::NotAllocated,
            CostLayer::Marketing,
        ),
        pool(
            "Uusasiakashankinta",
            90_000,
            Driver::NotAllocated,
            CostLayer::Marketing,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_pools_are_valid_and_named_once() {
        let pools = demo_cost_pools();
        assert!(pools.iter().all(|p| p.validate().is_ok()));
        let mut names: Vec<&str> = pools.iter().map(|p| p.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), pools.len());
    }
}
