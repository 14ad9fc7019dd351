// Soak driver (scripts/soak.sh): N consecutive generations through ONE JobQueue (the window's worker
// thread, the same path as the studio), on the built-in camera-motion engine at a small size, then a
// cancel pass that cancels job k at its step k. Prints the process's resident memory and open file
// descriptors after job 1, N/2 and N, and before/after the cancel pass; exits 1 when a job fails, a
// cancelled job is not Cancelled, or descriptors leak (more open after the runs than after job 1).
//   i2v_soak IMAGE OUT_DIR [JOBS=100] [WIDTH=256] [HEIGHT=256] [FRAMES=16]
// Memory figures: VmRSS from /proc/self/status, and the same after malloc_trim(0) (what the heap could
// give back; a steady "trimmed" figure separates allocator caching from a leak).

#include "core/base/error.h"
#include "core/service/job_queue.h"

#include <malloc.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

using namespace i2v;
namespace fs = std::filesystem;

namespace {

long rssKiB()
{
    std::ifstream in("/proc/self/status");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("VmRSS:", 0) == 0)
            return std::strtol(line.c_str() + 6, nullptr, 10);
    return -1;
}

int openFds()
{
    int n = 0;
    std::error_code ec;
    for (auto it = fs::directory_iterator("/proc/self/fd", ec); !ec && it != fs::directory_iterator(); it.increment(ec))
        ++n;
    return n - 1; // the iterator's own descriptor
}

void report(const char* what)
{
    const long rss = rssKiB();
    malloc_trim(0);
    std::printf("%-34s RSS %7.1f MiB  (after malloc_trim %7.1f MiB)  open fds %d\n", what, rss / 1024.0,
                rssKiB() / 1024.0, openFds());
    std::fflush(stdout);
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: i2v_soak IMAGE OUT_DIR [JOBS=100] [WIDTH=256] [HEIGHT=256] [FRAMES=16]\n");
        return 2;
    }
    const std::string image = fs::absolute(argv[1]).string();
    const fs::path outDir = fs::absolute(argv[2]);
    const int jobs = argc > 3 ? std::atoi(argv[3]) : 100;
    const int width = argc > 4 ? std::atoi(argv[4]) : 256;
    const int height = argc > 5 ? std::atoi(argv[5]) : 256;
    const int frames = argc > 6 ? std::atoi(argv[6]) : 16;
    fs::create_directories(outDir);

    std::atomic<std::uint64_t> cancelJob{0};
    std::atomic<int> cancelAtStep{0};
    std::atomic<int> lastSteps{0};
    JobQueue* queuePtr = nullptr;
    JobCallbacks callbacks;
    callbacks.progress = [&](std::uint64_t id, const ProgressEvent& e) {
        if (e.stage == Stage::Denoising)
            lastSteps = e.total;
        if (id == cancelJob && e.stage == Stage::Denoising && e.step >= cancelAtStep)
            queuePtr->cancel(id); // from the worker thread, as the window's Cancel button does via the queue
    };
    JobQueue queue(callbacks);
    queuePtr = &queue;

    const auto request = [&](int n) {
        GenerationRequest r;
        r.imagePath = image;
        r.prompt = n % 2 ? "slow zoom in" : "pan left across the lake";
        r.family = "camera-motion";
        r.width = width;
        r.height = height;
        r.frames = frames;
        r.seed = n;
        r.device = "cpu";
        r.output.outputDir = outDir.string();
        return r;
    };

    int failures = 0;
    int fdsAfterFirst = 0;
    report("start (queue made, nothing run)");
    for (int n = 1; n <= jobs; ++n) {
        const std::uint64_t id = queue.submit(request(n));
        queue.waitIdle();
        const auto e = queue.entry(id);
        if (!e || e->state != JobState::Done) {
            std::fprintf(stderr, "job %d: %s %s\n", n, e ? jobStateName(e->state) : "missing",
                         e ? e->error.detail.c_str() : "");
            ++failures;
        }
        queue.clearFinished();
        if (n == 1 || n == jobs / 2 || n == jobs) {
            report(("after job " + std::to_string(n) + " of " + std::to_string(jobs)).c_str());
            if (n == 1)
                fdsAfterFirst = openFds();
        }
    }
    const int fdsAfterRuns = openFds();

    // Cancel pass: job k is cancelled at its denoising step k, for every step the engine reports.
    const int steps = lastSteps.load();
    report("cancel pass: before");
    int notCancelled = 0;
    for (int k = 1; k <= steps; ++k) {
        cancelAtStep = k;
        GenerationRequest r = request(1000 + k);
        // The id is known only after submit; the worker cannot start it before the queue lock is released,
        // and the first progress event comes later still, so setting cancelJob right after is in time.
        queue.setPaused(true);
        const std::uint64_t id = queue.submit(r);
        cancelJob = id;
        queue.setPaused(false);
        queue.waitIdle();
        const auto e = queue.entry(id);
        if (!e || e->state != JobState::Cancelled)
            ++notCancelled;
        queue.clearFinished();
    }
    report(("cancel pass: after " + std::to_string(steps) + " cancels").c_str());
    std::size_t leftovers = 0;
    for (const auto& entry : fs::directory_iterator(outDir))
        if (entry.path().filename().string().find(".tmp") != std::string::npos)
            ++leftovers;
    std::printf("jobs failed: %d; cancels that did not cancel: %d of %d; temp files left: %zu; "
                "fds after job 1: %d, after all runs: %d\n",
                failures, notCancelled, steps, leftovers, fdsAfterFirst, fdsAfterRuns);
    return failures == 0 && notCancelled == 0 && leftovers == 0 && fdsAfterRuns <= fdsAfterFirst ? 0 : 1;
}
