#include "core/service/process_memory.h"

#include <cstdlib>
#include <fstream>
#include <string>

namespace i2v::procstat {
namespace {

// Reads "<key>:   1234 kB" from /proc/self/status; 0 when absent.
std::int64_t statusKilobytes(const char* key)
{
    std::ifstream in("/proc/self/status");
    std::string line;
    const std::string prefix = std::string(key) + ":";
    while (std::getline(in, line)) {
        if (line.compare(0, prefix.size(), prefix) == 0)
            return std::strtoll(line.c_str() + prefix.size(), nullptr, 10);
    }
    return 0;
}

} // namespace

std::int64_t residentBytes() { return statusKilobytes("VmRSS") * 1024; }
std::int64_t peakResidentBytes() { return statusKilobytes("VmHWM") * 1024; }

} // namespace i2v::procstat
