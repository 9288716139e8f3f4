#pragma once
// The record as JSON: one line per record (JSON Lines), keys in the order of docs/record.md.

#include <string>

#include "core/record.hpp"

namespace salvage::exporter {

// One JSON object on one line, without a trailing newline. Invalid UTF-8 (which the decoder
// never produces, but a caller might) is replaced with U+FFFD rather than failing.
std::string record_to_json_line(const core::Record& record);

}  // namespace salvage::exporter
