#include "cli/app.hpp"

int main(int argc, char** argv) { return salvage::cli::run(argc, argv); }
