#pragma once
// Process memory from /proc/self/status, for progress events and the job's peak when the engine does
// not report device memory (CPU runs). Linux only; returns 0 where the numbers are unavailable.

#include <cstdint>

namespace i2v::procstat {

std::int64_t residentBytes();     // VmRSS: resident set size now, in bytes
std::int64_t peakResidentBytes(); // VmHWM: peak resident set size since the process started, in bytes

} // namespace i2v::procstat
