// i2v generate: one clip from a still image and a prompt. Parses flags, hands them to core/service
// (request building, the job queue, the runner) and prints progress; Ctrl-C cancels cleanly (exit 6).

#include "cli_common.h"
#include "commands.h"
#include "progress_printer.h"

#include "core/base/paths.h"
#include "core/engine/api/runtime_info.h"
#include "core/request/request_fields.h"
#include "core/service/best_of.h"
#include "core/service/error_report.h"
#include "core/service/history_recording.h"
#include "core/service/interrupt.h"
#include "core/service/job_queue.h"
#include "core/service/progress_format.h"
#include "core/service/request_options.h"

#include <cstdio>
#include <mutex>

namespace {

const std::vector<i2v::cli::OptionSpec>& generateOptions()
{
    // Every request flag comes from the one field table (core/request/request_fields.h), in its order.
    static const std::vector<i2v::cli::OptionSpec> specs = [] {
        std::vector<i2v::cli::OptionSpec> out;
        for (const i2v::RequestField& f : i2v::requestFields())
            if (f.cliFlag)
                out.push_back({f.cliFlag, f.isSwitch() ? "" : f.valueName, f.help});
        out.push_back({"json-progress", "", "print one JSON object per event on stdout (for scripts)"});
        out.push_back({"no-history", "", "do not record the clip in the history (the desktop app's History panel)"});
        out.push_back({"low-vram", "", "keep the text and image encoders in system RAM, on the GPU only while they "
                                       "run (less GPU memory, a little slower; the clip is the same)"});
        return out;
    }();
    return specs;
}

std::string help()
{
    return "Usage: i2v generate --image FILE [--prompt TEXT] [options]\n\n"
           "Makes a short clip from a still image. Progress goes to stderr; the written file paths are\n"
           "printed on stdout. Existing files are never overwritten.\n\n"
           "Options:\n" +
           i2v::cli::optionsHelp(generateOptions()) +
           "\nExamples:\n"
           "  i2v generate --image photo.jpg --prompt \"camera slowly zooming in on the face\" --out clip.mp4\n"
           "  i2v generate --image photo.jpg --prompt \"镜头向左平移\" --out-dir clips --seed 7\n"
           "  i2v generate --image photo.jpg --motion orbit-left --frames 24 --fps 12 --format gif --out orbit.gif\n\n"
           "Exit codes:\n" +
           i2v::exitCodeTable();
}

} // namespace

int runGenerate(const std::vector<std::string>& args)
{
    using namespace i2v;
    return cli::guarded([&] {
        const cli::ParsedArgs parsed = cli::parseArgs(args, generateOptions());
        if (parsed.help) {
            std::fputs(help().c_str(), stdout);
            return static_cast<int>(kExitOk);
        }
        const bool json = parsed.switches.count("json-progress") > 0;
        GenerationRequest request = requestFromOptions(parsed.values);
        applyRequestSwitches(request, parsed.switches);
        setLowVramMode(parsed.switches.count("low-vram") > 0);

        cli::ProgressPrinter printer(json);
        JobOutcome outcome;
        std::mutex queueMutex;
        JobQueue* queuePtr = nullptr;
        bool interrupted = false; // guarded by queueMutex; a signal before the queue exists still cancels
        // Ctrl-C / SIGTERM cancel the job at the next step (exit code 6, nothing partial left). A signal
        // that came while the program was still starting (main.cpp's early capture) arrives here at once.
        InterruptWatcher interrupts([&](int) {
            std::lock_guard lock(queueMutex);
            interrupted = true;
            if (!json)
                printer.note("cancelling... (the clip is not written)");
            if (queuePtr)
                queuePtr->cancelAll();
        });
        {
            JobCallbacks callbacks;
            callbacks.started = [&](std::uint64_t id) { printer.started(id); };
            callbacks.progress = [&](std::uint64_t id, const ProgressEvent& e) { printer.progress(id, e); };
            callbacks.finished = [&](std::uint64_t id, const JobOutcome& o) {
                outcome = o;
                if (json)
                    printer.printJson(jobFinishedJson(id, o, request.seed));
            };
            JobQueue queue(callbacks);
            {
                std::lock_guard lock(queueMutex);
                queuePtr = &queue;
            }
            queue.submit(request);
            {
                std::lock_guard lock(queueMutex);
                if (interrupted)
                    queue.cancelAll();
            }
            queue.waitIdle();
            std::lock_guard lock(queueMutex);
            queuePtr = nullptr;
        }
        printer.endLine();
        if (!json)
            for (const std::string& note : outcome.log) // e.g. the out-of-memory retry
                printer.note(note);
        if (parsed.switches.count("no-history") == 0 && outcome.state != JobState::Queued) {
            // The same history as the window's clips (core/service/history_recording.h).
            try {
                recordJob(userDataDir(), request, outcome);
            } catch (const I2vError& e) {
                if (!json)
                    printer.note(std::string("the history could not be written: ") + e.what());
            }
        }
        if (outcome.state != JobState::Done)
            return cli::reportError(outcome.error);
        if (!json) {
            char summary[160];
            std::snprintf(summary, sizeof summary, "done in %.1f s, seed %lld, peak memory %s",
                          outcome.durationMs / 1000.0, static_cast<long long>(request.seed),
                          formatBytes(outcome.peakMemoryBytes).c_str());
            printer.note(summary);
            if (outcome.variations.empty()) {
                for (const std::string& file : outcome.files)
                    std::printf("%s\n", file.c_str());
            } else {
                // Best of N: every variation with its score (and the score in its sidecar), the pick last.
                const VariationOutcome* pick = nullptr;
                for (const VariationOutcome& v : outcome.variations) {
                    if (v.pick) {
                        pick = &v;
                        continue;
                    }
                    std::printf("%s\tscore %s\trank %d\tseed %lld\n", v.files.front().c_str(),
                                scoreText(v.score.total).c_str(), v.rank, static_cast<long long>(v.seed));
                }
                if (pick)
                    std::printf("%s\tscore %s\trank 1\tseed %lld\tpick\n", pick->files.front().c_str(),
                                scoreText(pick->score.total).c_str(), static_cast<long long>(pick->seed));
            }
        }
        return static_cast<int>(kExitOk);
    });
}
