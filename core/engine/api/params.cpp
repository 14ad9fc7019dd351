#include "core/engine/api/params.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace i2v {
namespace {

std::string formatNumber(double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

} // namespace

int requiredMultiple(const ParamSpec& spec)
{
    return spec.kind == ParamKind::Int && spec.multipleOf > 1 ? spec.multipleOf : 1;
}

int requiredOffset(const ParamSpec& spec)
{
    const int m = requiredMultiple(spec);
    return m > 1 ? ((spec.multipleOffset % m) + m) % m : 0;
}

double lowestAllowed(const ParamSpec& spec)
{
    const double m = requiredMultiple(spec), r = requiredOffset(spec);
    return m > 1 ? std::ceil((spec.minValue - r) / m) * m + r : spec.minValue;
}

double highestAllowed(const ParamSpec& spec)
{
    const double m = requiredMultiple(spec), r = requiredOffset(spec);
    return m > 1 ? std::max(lowestAllowed(spec), std::floor((spec.maxValue - r) / m) * m + r) : spec.maxValue;
}

double formStep(const ParamSpec& spec)
{
    const int m = requiredMultiple(spec);
    if (m > 1) // the slider step rounded up to a multiple of the required multiple
        return std::max(1.0, std::ceil(std::max(spec.step, 1.0) / m)) * m;
    if (spec.step > 0)
        return spec.step;
    return spec.kind == ParamKind::Int ? 1.0 : 0.01;
}

double snapToSchema(const ParamSpec& spec, double value)
{
    const double lo = lowestAllowed(spec), hi = highestAllowed(spec);
    const double v = std::clamp(value, lo, hi);
    if (const int m = requiredMultiple(spec); m > 1) { // the nearest allowed value, even between slider stops
        const double r = requiredOffset(spec);
        return std::clamp(std::round((v - r) / m) * m + r, lo, hi);
    }
    const double step = formStep(spec);
    double snapped = lo + std::round((v - lo) / step) * step;
    while (snapped > hi + 1e-9)
        snapped -= step;
    return std::max(snapped, lo);
}

double floorToSchema(const ParamSpec& spec, double value)
{
    const double m = requiredMultiple(spec), r = requiredOffset(spec);
    const double v = m > 1 ? std::floor((value - r) / m) * m + r : value;
    return std::clamp(v, lowestAllowed(spec), highestAllowed(spec));
}

std::optional<std::string> schemaViolation(const ParamSpec& spec, double value)
{
    if (spec.kind != ParamKind::Int && spec.kind != ParamKind::Float)
        return std::nullopt;
    if (!(value >= spec.minValue && value <= spec.maxValue))
        return spec.name + " = " + formatNumber(value) + " is outside " + formatNumber(spec.minValue) + ".." +
               formatNumber(spec.maxValue);
    if (spec.kind == ParamKind::Int && value != std::floor(value))
        return spec.name + " = " + formatNumber(value) + " is not a whole number";
    const int m = requiredMultiple(spec), r = requiredOffset(spec);
    if (m > 1 && std::fmod(value - r, m) != 0)
        return spec.name + " = " + formatNumber(value) +
               (r == 0 ? " must be a multiple of " + std::to_string(m)
                       : " must be of the form " + std::to_string(m) + "k + " + std::to_string(r)) +
               (spec.multipleReason.empty() ? std::string() : " (" + spec.multipleReason + ")");
    return std::nullopt;
}

} // namespace i2v
