#pragma once
// Progress on stderr for the commands that run jobs: one updating line on a terminal, one line per event
// otherwise (logs, pipes); or, with --json-progress, one JSON object per event on stdout. Thread-safe
// (events arrive on the worker thread, notes from the interrupt watcher).

#include "core/base/progress.h"

#include <cstdint>
#include <mutex>
#include <string>

namespace i2v::cli {

class ProgressPrinter {
public:
    explicit ProgressPrinter(bool json);

    bool json() const { return m_json; }
    void started(std::uint64_t id);
    void progress(std::uint64_t id, const ProgressEvent& e);
    // A line of its own on stderr (ends an open progress line first).
    void note(const std::string& text);
    // One line on stdout.
    void printJson(const std::string& object);
    void endLine();

private:
    void endLineLocked();

    std::mutex m_mutex;
    bool m_json;
    bool m_tty;
    bool m_openLine = false;
};

} // namespace i2v::cli
