//! Predictive customer value: the BG/NBD model of repeat purchasing (Fader, Hardie & Lee 2005),
//! the Gamma-Gamma model of spend per purchase, and the customer lifetime value they give.
//!
//! Conventions: purchases on one day are one purchase; a customer's frequency is the number of
//! repeat purchase days, recency the time from the first purchase to the last, T the time from
//! the first purchase to the end of the calibration period, all in one time unit (a day or a
//! week). The Gamma-Gamma spend of a customer is the mean of its repeat purchase days' totals.

pub mod bgnbd;
pub mod gamma_gamma;
pub mod history;
pub mod optimize;
pub mod special;
