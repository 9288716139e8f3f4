#pragma once
// `salvage report`: the link health of the store as an HTML page, JSON or CSV
// (export/link_report.hpp), built from the records' links and their stored verdicts.

#include <ostream>
#include <string>
#include <vector>

#include "export/link_report.hpp"

namespace salvage::store {
class Store;
}

namespace salvage::pipeline {

// Every distinct link URL of the records (outbound; internal too with `include_internal`) with
// its verdict (unchecked when none) and the pages linking to it.
std::vector<exporter::ReportLink> gather_report(const store::Store& store, bool include_internal);

// format: "html", "json" or "csv"; throws core::Error(ExitCode::usage) for another.
void write_report(const std::vector<exporter::ReportLink>& links, const std::string& format, std::ostream& out);

}  // namespace salvage::pipeline
