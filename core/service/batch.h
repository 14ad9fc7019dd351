#pragma once
// Batch runs: a JSON Lines file, one request per line with the same keys as the sidecar recipe JSON
// (a sidecar is a valid line; "output" is optional — without it outputs are auto-named in the output
// folder). Resumable: a state file in the output folder records finished lines by content hash, and a
// second run skips them while their output still exists. The persistent queue exports the same format.

#include "core/base/cancel.h"
#include "core/base/progress.h"
#include "core/engine/api/generation.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace i2v {

struct BatchLine {
    int lineNumber = 0;      // 1-based line in the file
    std::string json;        // the line as written
    std::string key;         // stable content hash (hex FNV-1a 64 of the line without surrounding blanks)
    GenerationRequest request; // parsed; image not loaded yet (request.imagePath is absolute)
    std::string parseError;  // non-empty when the line is not a valid request
};

// Reads a JSON Lines file; blank lines and lines starting with '#' are skipped. Relative image paths
// are resolved against the file's folder. Throws I2vError(FileNotFound/FileUnreadable).
std::vector<BatchLine> readBatchFile(const std::filesystem::path& file);

struct BatchSummary {
    int total = 0;
    int done = 0;     // generated in this run
    int skipped = 0;  // finished in an earlier run
    int failed = 0;
    std::vector<std::string> failures; // "line 3: image_corrupt: ..."
    std::vector<std::string> outputs;  // files written in this run
};

struct BatchObserver {
    std::function<void(const BatchLine&, int index, int total)> lineStarted;
    std::function<void(const BatchLine&, const ProgressEvent&)> progress;
    std::function<void(const BatchLine&, const std::string& status, const std::string& detail)> lineFinished;
};

// Runs every line not yet finished, one after another, on the calling thread (the CLI's worker).
// Output folder is created when missing. Cancellation stops after the current step; finished lines stay
// recorded so the next run resumes.
BatchSummary runBatch(const std::filesystem::path& file, const std::filesystem::path& outDir,
                      const BatchObserver& observer, const CancelToken& cancel);

// Path of the resume state for a batch file inside outDir.
std::filesystem::path batchStatePath(const std::filesystem::path& file, const std::filesystem::path& outDir);

std::string fnv1a64Hex(const std::string& text);

} // namespace i2v
