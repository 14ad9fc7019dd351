#include "core/service/cost.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace i2v {

double clipCost(const CostSettings& s, double seconds)
{
    if (seconds <= 0)
        return 0;
    const double hours = seconds / 3600.0;
    switch (s.mode) {
    case CostSettings::Mode::None: return 0;
    case CostSettings::Mode::PerGpuHour: return hours * s.pricePerGpuHour;
    case CostSettings::Mode::PowerDraw: return s.powerWatts / 1000.0 * hours * s.pricePerKwh;
    }
    return 0;
}

BestOfCost bestOfCost(int variations, double totalSeconds, double scoringSeconds, double totalCost)
{
    const auto bad = [](double v) { return !std::isfinite(v) || v < 0; };
    if (variations < 1 || bad(totalSeconds) || bad(scoringSeconds) || bad(totalCost))
        return {};
    BestOfCost c;
    c.variations = variations;
    c.keptSeconds = totalSeconds;
    c.keptCost = totalCost;
    c.singleSeconds = std::max(0.0, totalSeconds - scoringSeconds) / variations;
    c.singleCost = totalSeconds > 0 ? totalCost * c.singleSeconds / totalSeconds : 0.0;
    return c;
}

std::string formatCost(const CostSettings& s, double amount)
{
    const char* symbol = s.currency == "CNY" ? "¥" : s.currency == "JPY" ? "¥" : s.currency == "USD" ? "$"
                         : s.currency == "EUR" ? "€" : s.currency == "GBP" ? "£" : nullptr;
    char buf[64];
    if (symbol)
        std::snprintf(buf, sizeof buf, "%s%.2f", symbol, amount);
    else
        std::snprintf(buf, sizeof buf, "%.2f %s", amount, s.currency.c_str());
    return buf;
}

} // namespace i2v
