#pragma once
// How the command line shows progress: a human line per event (stderr) or one JSON object per event
// (stdout, --json-progress). Pure functions; the caller decides where the text goes.

#include "core/base/progress.h"
#include "core/service/job_types.h"

#include <cstdint>
#include <string>

namespace i2v {

// "denoising  3/16  [#####.........]  1.2 s  RSS 412 MiB  message"
std::string formatProgressLine(const ProgressEvent& event);
// "1.5 GiB", "412 MiB", "900 KiB"
std::string formatBytes(std::int64_t bytes);

// One-line JSON objects (no trailing newline). Every object has "event" and "job".
// progress: stage, step, total, elapsed_ms, memory_bytes, message
std::string progressEventJson(std::uint64_t jobId, const ProgressEvent& event);
std::string jobStartedJson(std::uint64_t jobId);
// finished: state, files, duration_ms, peak_memory_bytes, seed, and for failures error {code, detail,
// exit_code, message (the one-line error text)}
std::string jobFinishedJson(std::uint64_t jobId, const JobOutcome& outcome, std::int64_t seed);

} // namespace i2v
