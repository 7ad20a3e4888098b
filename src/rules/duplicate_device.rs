use std::collections::BTreeMap;

use super::{DeviceRule, Finding, Label};
use crate::model::Device;
use crate::source::Span;

/// Two files that describe a device of the same name.
pub struct DuplicateDevice;

impl DeviceRule for DuplicateDevice {
    fn check(&self, id: &'static str, devices: &[Device], out: &mut Vec<Finding>) {
        let mut by_name: BTreeMap<&str, Vec<&crate::model::Device>> = BTreeMap::new();
        for d in devices {
            by_name.entry(&d.name).or_default().push(d);
        }
        for (name, devices) in by_name {
            let Some((first, rest)) = devices.split_first() else {
                continue;
            };
            // The place that names a device: its `sysname`, else the file.
            let at = |d: &crate::model::Device| d.name_span.unwrap_or(Span::at(d.file, 0, 0, 1));
            for d in rest {
                let message = format!(
                    "two configuration files describe a device named {name}; both are checked, but findings that name {name} cannot tell them apart"
                );
                out.push(
                    Finding::new(
                        id,
                        message,
                        Label::new(at(d), format!("this file is named {name}")),
                        format!("{name}/duplicate/{}", d.file.0),
                    )
                    .related(Label::new(at(first), "so is this one"))
                    .help("keep one configuration per device (an old backup left beside the new one is the usual cause), or fix the copied `sysname`")
                    .about_device(name),
                );
            }
        }
    }
}
