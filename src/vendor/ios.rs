//! Placeholder: being written.

use crate::model::{Device, Draft, Vendor};
use crate::source::FileId;

/// `vendor`: [`Vendor::Ios`] or [`Vendor::Eos`].
pub fn lower(file: FileId, _text: &str, stem: &str, vendor: Vendor) -> Device {
    Draft::new(file, stem, vendor).finish()
}
