#include "progress_printer.h"

#include "core/service/progress_format.h"

#include <cstdio>
#include <unistd.h>

namespace i2v::cli {

ProgressPrinter::ProgressPrinter(bool json) : m_json(json), m_tty(::isatty(STDERR_FILENO) == 1) {}

void ProgressPrinter::started(std::uint64_t id)
{
    if (m_json)
        printJson(jobStartedJson(id));
}

void ProgressPrinter::progress(std::uint64_t id, const ProgressEvent& e)
{
    if (m_json) {
        printJson(progressEventJson(id, e));
        return;
    }
    std::lock_guard lock(m_mutex);
    const std::string line = formatProgressLine(e);
    if (m_tty) {
        std::fprintf(stderr, "\r\033[K%s", line.c_str());
        m_openLine = true;
    } else {
        std::fprintf(stderr, "%s\n", line.c_str());
    }
    std::fflush(stderr);
}

void ProgressPrinter::note(const std::string& text)
{
    std::lock_guard lock(m_mutex);
    endLineLocked();
    std::fprintf(stderr, "%s\n", text.c_str());
    std::fflush(stderr);
}

void ProgressPrinter::printJson(const std::string& object)
{
    std::lock_guard lock(m_mutex);
    std::fprintf(stdout, "%s\n", object.c_str());
    std::fflush(stdout);
}

void ProgressPrinter::endLine()
{
    std::lock_guard lock(m_mutex);
    endLineLocked();
}

void ProgressPrinter::endLineLocked()
{
    if (m_openLine)
        std::fputc('\n', stderr);
    m_openLine = false;
}

} // namespace i2v::cli
