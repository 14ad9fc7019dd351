// i2v batch: every request of a JSON Lines file (one recipe per line, as the sidecars and the queue file
// hold them) into one output folder, resumably. Parses flags, runs core/service's runBatch and prints
// progress and a summary; Ctrl-C cancels cleanly (exit 6).

#include "cli_common.h"
#include "commands.h"
#include "progress_printer.h"

#include "core/base/paths.h"
#include "core/engine/api/runtime_info.h"
#include "core/service/batch.h"
#include "core/service/error_report.h"
#include "core/service/history_recording.h"
#include "core/service/interrupt.h"
#include "core/service/progress_format.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace {

const std::vector<i2v::cli::OptionSpec>& batchOptions()
{
    static const std::vector<i2v::cli::OptionSpec> specs = {
        {"out-dir", "DIR", "folder for the outputs and the resume state (created when missing) [required]"},
        {"no-oom-retry", "", "when the GPU runs out of memory, fail the line instead of retrying once at a smaller size"},
        {"json-progress", "", "print one JSON object per event on stdout (\"job\" = line number), then a summary"},
        {"no-history", "", "do not record the clips in the history (the desktop app's History panel)"},
        {"low-vram", "", "keep the text and image encoders in system RAM, on the GPU only while they run"},
    };
    return specs;
}

std::string help()
{
    return "Usage: i2v batch JOBS.jsonl --out-dir DIR [options]\n\n"
           "Makes one clip per line of JOBS.jsonl, one after another. Each line is a JSON object with the keys\n"
           "of the recipe that every output carries, so a sidecar (clip.mp4.json, also pretty-printed as\n"
           "written) or the queue file of the desktop app is a valid input. Only \"image\" is required; keys not\n"
           "given take the engine's defaults, like flags not given to `i2v generate`. Relative paths are read\n"
           "from the file's folder. Outputs go into DIR: an output path in a line only suggests the file name\n"
           "(nothing is overwritten; \" (2)\" is added when taken); without one the name is automatic.\n\n"
           "Running the same command again skips the lines already made (their outputs still in DIR), so an\n"
           "interrupted batch resumes where it stopped. A failing line is reported with its line number and\n"
           "the next line runs. Progress goes to stderr, the written files to stdout, a summary at the end.\n\n"
           "Options:\n" +
           i2v::cli::optionsHelp(batchOptions()) +
           "\nExample line:\n"
           "  {\"image\": \"photos/boat.jpg\", \"prompt\": \"camera slowly zooming in\", \"frames\": 24, \"seed\": 7}\n\n"
           "Examples:\n"
           "  i2v batch jobs.jsonl --out-dir clips\n"
           "  cat clips/*.mp4.json > again.jsonl && i2v batch again.jsonl --out-dir remake\n\n"
           "Exit codes (8: some lines failed, the others were made; 6: cancelled, run again to resume):\n" +
           i2v::exitCodeTable();
}

std::string lineLabel(const i2v::BatchLine& line)
{
    std::string prompt = line.request.prompt.empty() ? std::string("(no prompt)") : line.request.prompt;
    if (prompt.size() > 60)
        prompt = prompt.substr(0, 57) + "...";
    return "line " + std::to_string(line.lineNumber) + ": " + line.request.family + ", " +
           std::to_string(line.request.width) + "x" + std::to_string(line.request.height) + ", " +
           std::to_string(line.request.frames) + " frames, \"" + prompt + "\"";
}

std::string summaryJson(const i2v::BatchSummary& s)
{
    nlohmann::json lines = nlohmann::json::array();
    for (const i2v::BatchLineResult& r : s.lines) {
        nlohmann::json line = {{"line", r.lineNumber}, {"status", r.status}, {"output", r.output}, {"log", r.log}};
        if (r.status == "failed")
            line["error"] = {{"code", std::string(i2v::errorCodeName(r.error.code))}, {"detail", r.error.detail}};
        lines.push_back(line);
    }
    return nlohmann::json{{"event", "summary"}, {"total", s.total},   {"done", s.done},
                          {"skipped", s.skipped}, {"failed", s.failed}, {"cancelled", s.cancelled},
                          {"lines", lines}}
        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace

int runBatchCommand(const std::vector<std::string>& args)
{
    using namespace i2v;
    return cli::guarded([&] {
        const cli::ParsedArgs parsed = cli::parseArgs(args, batchOptions(), /*maxPositionals=*/1);
        if (parsed.help) {
            std::fputs(help().c_str(), stdout);
            return static_cast<int>(kExitOk);
        }
        if (parsed.positionals.empty())
            fail(ErrorCode::InvalidArgument, "no batch file given (i2v batch JOBS.jsonl --out-dir DIR)");
        const auto outDir = parsed.values.find("out-dir");
        if (outDir == parsed.values.end())
            fail(ErrorCode::InvalidArgument, "--out-dir is required (the folder for the outputs)");
        const std::string file = parsed.positionals.front();
        const bool json = parsed.switches.count("json-progress") > 0;

        cli::ProgressPrinter printer(json);
        BatchOptions options;
        options.retrySmallerOnOutOfMemory = parsed.switches.count("no-oom-retry") == 0;
        setLowVramMode(parsed.switches.count("low-vram") > 0);
        if (parsed.switches.count("no-history") == 0) {
            // Every line that ran goes into the same history as the window's clips (core/service).
            options.jobFinished = [&](const GenerationRequest& request, const JobOutcome& outcome) {
                try {
                    recordJob(userDataDir(), request, outcome);
                } catch (const I2vError& e) {
                    if (!json)
                        printer.note(std::string("the history could not be written: ") + e.what());
                }
            };
        }
        BatchObserver observer;
        observer.lineStarted = [&](const BatchLine& line, int index, int total) {
            if (json)
                printer.started(static_cast<std::uint64_t>(line.lineNumber));
            else
                printer.note("[" + std::to_string(index) + "/" + std::to_string(total) + "] " + lineLabel(line));
        };
        observer.progress = [&](const BatchLine& line, const ProgressEvent& e) {
            printer.progress(static_cast<std::uint64_t>(line.lineNumber), e);
        };
        observer.lineFinished = [&](const BatchLine& line, const BatchLineResult& r) {
            if (json)
                return;
            const std::string where = "line " + std::to_string(line.lineNumber) + ": ";
            for (const std::string& note : r.log)
                printer.note(where + note);
            if (r.status == "skipped")
                printer.note(where + "already made: " + r.output);
            else if (r.status == "running elsewhere")
                printer.note(where + "being made by another i2v batch run on the same jobs file; skipped here");
            else if (r.status == "failed")
                printer.note(formatErrorLine(r.error, "i2v: " + where.substr(0, where.size() - 2)));
            else if (r.status == "done")
                std::printf("%s\n", r.output.c_str());
            std::fflush(stdout);
        };

        CancelToken cancel;
        // Ctrl-C / SIGTERM: the running line stops at its next step, no further line starts.
        InterruptWatcher interrupts([&](int) {
            if (!json)
                printer.note("cancelling... (the running clip is not written; run again to resume)");
            cancel.cancel();
        });
        // This thread is the only one running engine work (the watcher thread only sets the flag).
        const BatchSummary summary = runBatch(file, outDir->second, observer, cancel, options);
        printer.endLine();

        if (json) {
            printer.printJson(summaryJson(summary));
        } else {
            char text[200];
            std::snprintf(text, sizeof text, "batch %s: %d lines, %d made, %d already made, %d failed",
                          summary.cancelled ? "cancelled" : "finished", summary.total, summary.done,
                          summary.skipped, summary.failed);
            printer.note(text);
            for (const std::string& f : summary.failures)
                printer.note("  " + f);
        }
        if (summary.cancelled)
            return static_cast<int>(kExitCancelled);
        return static_cast<int>(summary.failed > 0 ? kExitBatchFailures : kExitOk);
    });
}
