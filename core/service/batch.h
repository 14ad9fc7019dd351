#pragma once
// Batch runs (`i2v batch`): a JSON Lines file, one request per line with the same keys as the sidecar
// recipe JSON that every export writes (core/media/recipe.h). A sidecar is a valid line, also as it is
// written (pretty-printed over several lines: an object that does not end on its first line continues
// on the next ones). Blank lines and lines starting with '#' are skipped. The persistent queue's file
// (queue_store.h) is the same format; keys a request does not know ("queue_id", "paused") are ignored.
//
// Resumable: a state file in the output folder records finished lines by content key; a second run of
// the same file into the same folder skips them while their output still exists.

#include "core/base/cancel.h"
#include "core/base/progress.h"
#include "core/request/generation_request.h"
#include "core/service/job_types.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace i2v {

struct BatchLine {
    int lineNumber = 0;        // 1-based line in the file where the object starts
    std::string json;          // the object as written (several lines joined for a pretty-printed one)
    std::string key;           // content key: FNV-1a 64 of the compact JSON, "#2", "#3"... for repeats
    GenerationRequest request; // parsed; image not loaded (imagePath absolute)
    std::string parseError;    // non-empty when the line is not a valid request (the detail)
    ErrorCode parseErrorCode = ErrorCode::Ok; // its code (InvalidArgument, ModelNotFound, ...)
};

// Reads a batch file. For every line: keys absent from the line take the engine's defaults (as
// `i2v generate` does without the flag); "engine" is accepted for "family"; with a "model" but no
// family, the family that recognises the folder; a model given as ORG/NAME is looked up in the local
// Hugging Face cache; relative image and model paths are resolved against the file's folder; no "seed"
// means the engine's default seed (else a random one, recorded in the output's recipe). A line naming
// an engine that `families` does not know is kept as written (it fails with ModelNotFound when run).
// `families`: as runJob's (empty = the registry). Throws I2vError(FileNotFound/FileUnreadable) for the
// file itself; a bad line is reported in its parseError, never thrown.
std::vector<BatchLine> readBatchFile(const std::filesystem::path& file, const FamilyLookup& families = {});

// The valid lines of a batch file as jobs for the queue (the window's "Import queue…"): output paths
// dropped (auto-named when they run, never clashing), outputs redirected into `outputDir` when it is
// given. "line 3: <why>" is appended to `failures` for every line that is not a valid request. Throws as
// readBatchFile for the file itself.
std::vector<GenerationRequest> importBatchJobs(const std::filesystem::path& file, const std::string& outputDir,
                                               std::vector<std::string>& failures);

struct BatchOptions {
    bool retrySmallerOnOutOfMemory = true; // applied to every line (runner.h's out-of-memory ladder)
    FamilyLookup families;                 // empty = the registry; tests inject fakes
    // Called after every line that ran (done, failed or cancelled), with the request as run and its
    // outcome: the command line records the history here.
    std::function<void(const GenerationRequest&, const JobOutcome&)> jobFinished;
};

struct BatchLineResult {
    int lineNumber = 0;
    std::string status;              // "done", "skipped", "running elsewhere", "failed", "cancelled"
    std::string output;              // the video written (done) or found (skipped)
    Error error;                     // set when failed
    std::vector<std::string> log;    // the job's notes (e.g. the out-of-memory retry)
};

struct BatchSummary {
    int total = 0;
    int done = 0;      // generated in this run
    int skipped = 0;   // made by an earlier run, or being made by another run on the same jobs file
    int failed = 0;
    bool cancelled = false;            // stopped by the cancel token; the rest was not run
    std::vector<std::string> failures; // "line 3: image_corrupt: ..."
    std::vector<std::string> outputs;  // files written in this run
    std::vector<BatchLineResult> lines; // one per line reached, in file order
};

struct BatchObserver {
    std::function<void(const BatchLine&, int index, int total)> lineStarted; // index 1-based among lines
    std::function<void(const BatchLine&, const ProgressEvent&)> progress;
    std::function<void(const BatchLine&, const BatchLineResult&)> lineFinished;
};

// Runs every line not yet finished, one after another, on the calling thread (the CLI's worker thread:
// the only one touching the engine). The output folder is created when missing (OutputUnwritable when
// impossible: thrown before any line runs). Outputs land in outDir: a line's output path is only a name
// hint (its file name, never overwriting: " (2)" is added when taken); without one, auto-named. A
// frames_dir in a line likewise becomes a new folder in outDir. A failing line is reported and the next
// one runs. Cancellation stops the running line at its next step (nothing partial left) and runs no
// more; finished lines stay recorded so the next run resumes.
BatchSummary runBatch(const std::filesystem::path& file, const std::filesystem::path& outDir,
                      const BatchObserver& observer, const CancelToken& cancel, const BatchOptions& options = {});

// Path of the resume state for a batch file inside outDir: ".i2v-batch-<file stem>.state.jsonl".
std::filesystem::path batchStatePath(const std::filesystem::path& file, const std::filesystem::path& outDir);

std::string fnv1a64Hex(const std::string& text);

} // namespace i2v
