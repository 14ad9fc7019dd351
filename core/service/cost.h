#pragma once
// Cost per clip: what a generation cost in machine time and money. Pure functions.

#include <string>

namespace i2v {

struct CostSettings {
    enum class Mode { None, PerGpuHour, PowerDraw };
    Mode mode = Mode::None;
    double pricePerGpuHour = 0;   // currency units per hour of machine time (PerGpuHour)
    double powerWatts = 0;        // average draw of the whole machine while generating (PowerDraw)
    double pricePerKwh = 0;       // electricity price (PowerDraw)
    std::string currency = "CNY"; // shown next to amounts
};

// Cost of `seconds` of generation. Contract: 0 for Mode::None or non-positive seconds; linear in seconds;
// PowerDraw = watts / 1000 * hours * pricePerKwh.
double clipCost(const CostSettings& settings, double seconds);

// "¥0.42" / "0.42 EUR": two decimals, a symbol for CNY/USD/EUR/GBP/JPY, else the code after the amount.
std::string formatCost(const CostSettings& settings, double amount);

} // namespace i2v
