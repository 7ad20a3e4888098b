//! Placeholder: being written.

use crate::model::{Device, Draft, Vendor};
use crate::source::FileId;

pub fn lower(file: FileId, _text: &str, stem: &str) -> Device {
    Draft::new(file, stem, Vendor::Junos).finish()
}
