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

// What a best-of-N job cost against a single clip (the job's note and the History panel show it).
struct BestOfCost {
    int variations = 0;        // N (0: nothing to compare)
    double keptSeconds = 0;    // the whole job: its N generations, the scoring and the load buy the kept clip
    double keptCost = 0;
    double singleSeconds = 0;  // about what one clip of the same settings takes: one generation, no scoring
    double singleCost = 0;
};

// Contract: for N >= 1, keptSeconds = totalSeconds and keptCost = totalCost (one clip is kept);
// singleSeconds = max(0, totalSeconds - scoringSeconds) / N (the job's time without scoring, per variation);
// singleCost = totalCost * singleSeconds / totalSeconds, as cost is linear in time (clipCost), 0 when
// totalSeconds <= 0. N < 1, or a negative or non-finite input, gives BestOfCost{} (variations 0).
BestOfCost bestOfCost(int variations, double totalSeconds, double scoringSeconds, double totalCost);

// "¥0.42" / "0.42 EUR": two decimals, a symbol for CNY/USD/EUR/GBP/JPY, else the code after the amount.
std::string formatCost(const CostSettings& settings, double amount);

} // namespace i2v
