//! peerlint: reads the configurations of a whole network of Huawei VRP
//! devices, builds the BGP peering graph between them, and reports what
//! stops sessions from ever coming up.
//!
//! The pipeline runs one way: [`source`] → [`syntax`] → [`model`] →
//! [`graph`] → [`rules`] → [`report`]; [`cli`] wires it together.

pub mod source;
pub mod syntax;
pub mod model;
pub mod cli;
