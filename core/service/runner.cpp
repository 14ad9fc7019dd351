#include "core/service/runner.h"

#include "core/base/log.h"
#include "core/base/memory_mode.h"
#include "core/base/paths.h"
#include "core/engine/api/registry.h"
#include "core/engine/api/runtime_info.h"
#include "core/gpu/gpu_monitor.h"
#include "core/media/image_io.h"
#include "core/media/recipe.h"
#include "core/service/best_of.h"
#include "core/service/clip_output.h"
#include "core/service/error_report.h"
#include "core/service/oom_retry.h"
#include "core/service/output_naming.h"
#include "core/service/process_memory.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <mutex>

namespace i2v {
namespace {

// The one loaded pipeline, reused while family, folder, device and dtype stay the same. Only the worker
// thread runs jobs, so the lock only guards against releasePipelineCache() from elsewhere.
struct PipelineCache {
    std::mutex mutex;
    std::string key;
    std::string label; // "i2vgen-xl (/models/i2vgen-xl) on cuda:0 float16" for the window's Unload item
    std::unique_ptr<Pipeline> pipeline;
    std::chrono::steady_clock::time_point lastUsed;
};

PipelineCache& pipelineCache()
{
    static PipelineCache cache;
    return cache;
}

// The CLIP scorer of best-of-N jobs, kept loaded like the pipeline (released with it).
struct ScorerCache {
    std::mutex mutex;
    std::string key;
    std::unique_ptr<ClipScorer> scorer;
};

ScorerCache& scorerCache()
{
    static ScorerCache cache;
    return cache;
}

ClipScorer& loadScorer(const std::string& folder, const GenerationRequest& request, const ProgressObserver& emit)
{
    ScorerCache& cache = scorerCache();
    std::lock_guard lock(cache.mutex);
    const std::string key = folder + "|" + request.device + "|" + request.dtype;
    if (cache.scorer && cache.key == key)
        return *cache.scorer;
    cache.scorer.reset();
    ProgressEvent loading;
    loading.stage = Stage::Loading;
    loading.step = 1;
    loading.total = 1;
    loading.message = "loading scorer " + folder;
    emit(loading);
    LoadOptions options;
    options.device = request.device;
    options.dtype = request.dtype;
    cache.scorer = loadClipScorer(folder, options);
    cache.key = key;
    return *cache.scorer;
}

// "auto" on a machine with several GPUs: the one with the most free memory now (NVML; the recipe keeps
// "auto", so it still runs on a one-GPU machine). With CUDA_VISIBLE_DEVICES set, CUDA's numbering is the
// user's: auto then means the first visible device, as the engine's own policy does.
std::string loadDevice(const std::string& requested)
{
    if (requested != "auto" || std::getenv("CUDA_VISIBLE_DEVICES"))
        return requested;
    const std::vector<std::int64_t> free = gpuFreeBytes();
    if (free.size() < 2)
        return requested;
    const int best = mostFreeGpu(free);
    logInfo("--device auto: cuda:" + std::to_string(best) + " has the most free memory (" +
            std::to_string(free[static_cast<std::size_t>(best)] >> 20) + " MiB)");
    return "cuda:" + std::to_string(best);
}

Pipeline& loadPipeline(const ModelFamily& family, const GenerationRequest& request, const ProgressObserver& emit)
{
    PipelineCache& cache = pipelineCache();
    std::lock_guard lock(cache.mutex);
    const std::string key = family.id() + "|" + request.modelDir + "|" + request.device + "|" + request.dtype +
                            (lowVramMode() ? "|low-vram" : "");
    cache.lastUsed = std::chrono::steady_clock::now();
    if (cache.pipeline && cache.key == key)
        return *cache.pipeline;
    // Free the previous model before loading the next one: two big models rarely fit together.
    cache.pipeline.reset();
    cache.key.clear();
    ProgressEvent loading;
    loading.stage = Stage::Loading;
    loading.step = 1;
    loading.total = 1;
    loading.message = "loading " + (request.modelDir.empty() ? family.id() : request.modelDir);
    emit(loading);
    LoadOptions options;
    options.device = loadDevice(request.device);
    options.dtype = request.dtype;
    cache.pipeline = family.load(request.modelDir, options);
    if (!cache.pipeline)
        fail(ErrorCode::Internal, family.id() + ": load() returned no pipeline");
    cache.key = key;
    cache.label = family.id() + (request.modelDir.empty() ? std::string() : " (" + request.modelDir + ")");
    return *cache.pipeline;
}

std::tm localNow()
{
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    return tm;
}

} // namespace

JobOutcome runJob(const GenerationRequest& request, const ProgressObserver& observer, const CancelToken& cancel)
{
    return runJob(request, observer, cancel, FamilyLookup{});
}

namespace {

double msSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// Best of N (best_of.h): the scorer is found and loaded before anything is generated; every variation's
// name is decided (and must be free) before the first is made; the N clips are generated with one model
// load, scored as they come, then written with their scores, rank and pick in the recipe. On failure or
// cancel nothing is left (the variations already written are removed). Fills `outcome` (Done) or throws.
void runBestOf(GenerationRequest& job, const ModelFamily& family, const ProgressObserver& emit,
               const CancelToken& cancel, JobOutcome& outcome)
{
    const int n = job.bestOf;
    if (n > 16)
        fail(ErrorCode::InvalidArgument, "best_of " + std::to_string(n) + " is outside 1..16");
    const std::string scorerFolder = resolveScorerFolder(job.scorer);
    const ScoreWeights weights = bestOfScoreWeights();
    if (job.output.path.empty())
        job.output.path = pickOutputPaths(job, localNow()).video.string(); // the base of the _vK names
    std::vector<GenerationRequest> requests;
    std::vector<OutputPaths> paths;
    for (int k = 0; k < n; ++k) {
        requests.push_back(variationRequest(job, family, k));
        validateRequest(family, requests.back());
        paths.push_back(pickOutputPaths(requests.back(), localNow())); // OutputExists when taken
    }
    cancel.throwIfCancelled();
    initEngineRuntime();
    ClipScorer& scorer = loadScorer(scorerFolder, job, emit);
    Pipeline& pipeline = loadPipeline(family, job, emit);
    std::vector<GenerationResult> results;
    std::vector<ClipScore> scores;
    for (int k = 0; k < n; ++k) {
        cancel.throwIfCancelled();
        const std::string tag = "variation " + std::to_string(k + 1) + "/" + std::to_string(n);
        const ProgressObserver tagged = [&](const ProgressEvent& event) {
            ProgressEvent e = event;
            e.message = e.message.empty() ? tag : tag + ": " + e.message;
            emit(e);
        };
        auto start = std::chrono::steady_clock::now();
        GenerationResult result = pipeline.run(requests[k], tagged, cancel);
        outcome.generationMs += msSince(start);
        cancel.throwIfCancelled();
        if (result.frames.empty())
            fail(ErrorCode::Internal, family.id() + ": the engine returned no frames");
        ProgressEvent scoring;
        scoring.stage = Stage::Writing;
        scoring.step = k + 1;
        scoring.total = n;
        scoring.message = tag + ": scoring";
        emit(scoring);
        start = std::chrono::steady_clock::now();
        scores.push_back(scorer.score(result.frames, &job.image, job.prompt, weights));
        outcome.scoringMs += msSince(start);
        results.push_back(std::move(result));
    }
    const std::vector<std::size_t> order = rankByScore(scores);
    std::vector<int> rank(static_cast<std::size_t>(n));
    for (std::size_t r = 0; r < order.size(); ++r)
        rank[order[r]] = static_cast<int>(r) + 1;
    const auto pick = static_cast<int>(order.front());
    std::vector<std::string> written;
    try {
        for (int k = 0; k < n; ++k) {
            VariationOutcome v;
            v.index = k;
            v.seed = requests[k].seed;
            v.score = scores[k];
            v.rank = rank[k];
            v.pick = k == pick;
            addVariationDetails(results[k].details, k, n, job.seed, scores[k], v.rank, v.pick, scorerFolder);
            v.recipeJson = recipeToJson(requests[k], &results[k]);
            const WriteProgress writing = [&](const fs::path& target, int step, int total) {
                ProgressEvent e;
                e.stage = Stage::Writing;
                e.step = step;
                e.total = total;
                e.message = target.filename().string();
                emit(e);
            };
            v.files = writeClip(results[k].frames, results[k].fps, requests[k], paths[k], v.recipeJson, cancel,
                                writing);
            written.insert(written.end(), v.files.begin(), v.files.end());
            v.used = requests[k];
            v.used.image = Image{};
            v.result = std::move(results[k]); // the pick's frames move on to outcome.result below
            outcome.variations.push_back(std::move(v));
        }
    } catch (...) {
        std::error_code ec;
        for (const std::string& f : written)
            fs::remove_all(f, ec);
        throw;
    }
    const VariationOutcome& best = outcome.variations[static_cast<std::size_t>(pick)];
    outcome.files = best.files;
    for (const VariationOutcome& v : outcome.variations)
        if (!v.pick)
            outcome.files.insert(outcome.files.end(), v.files.begin(), v.files.end());
    outcome.used = best.used;
    outcome.recipeJson = best.recipeJson;
    // The pick's frames move to outcome.result (kept once, see variationFrames); its details, fps and model
    // are copied (small).
    GenerationResult& picked = outcome.variations[static_cast<std::size_t>(pick)].result;
    std::vector<Image> pickFrames = std::move(picked.frames);
    picked.frames.clear();
    outcome.result = picked;
    outcome.result.frames = std::move(pickFrames);
    char note[200];
    std::snprintf(note, sizeof note, "best of %d: picked variation %d (score %s); scoring took %.2f s of %.2f s "
                                     "generating",
                  n, pick + 1, scoreText(best.score.total).c_str(), outcome.scoringMs / 1000.0,
                  outcome.generationMs / 1000.0);
    outcome.log.push_back(note);
    outcome.state = JobState::Done;
    ProgressEvent done;
    done.stage = Stage::Done;
    done.step = 1;
    done.total = 1;
    done.message = "wrote " + best.files.front() + " (best of " + std::to_string(n) + ")";
    emit(done);
}

// One attempt at a request: everything runJob() promises except the out-of-memory retry. `emit` stamps
// elapsed time and memory. Fills state, error, files, result, used and recipeJson.
JobOutcome runAttempt(const GenerationRequest& request, const ProgressObserver& emit, const CancelToken& cancel,
                      const ModelFamily*& familyOut, const FamilyLookup& families)
{
    JobOutcome outcome;
    outcome.used = request;
    outcome.used.image = Image{};
    try {
        const ModelFamily* family = families ? families(request.family) : findModelFamily(request.family);
        if (!family)
            fail(ErrorCode::ModelNotFound, "engine '" + request.family + "' is not known (see `i2v engines`)");
        familyOut = family;
        GenerationRequest job = request;
        if (job.image.empty() && !job.imagePath.empty())
            job.image = loadImage(job.imagePath);
        // The recipe must work from any folder (a sidecar is a batch line): record the image absolutely.
        if (!job.imagePath.empty())
            job.imagePath = fs::absolute(job.imagePath).lexically_normal().string();
        validateRequest(*family, job);
        if (family->needsWeights() && job.modelDir.empty())
            fail(ErrorCode::ModelNotFound, "engine '" + family->id() + "' needs a model folder (--model)");

        if (job.bestOf > 1) {
            runBestOf(job, *family, emit, cancel, outcome);
            return outcome;
        }
        const bool autoNamed = job.output.path.empty(); // the service picks the name (not --out)
        OutputPaths paths = pickOutputPaths(job, localNow());
        job.output.path = paths.video.string();
        outcome.used = job;
        outcome.used.image = Image{};
        cancel.throwIfCancelled();

        initEngineRuntime();
        Pipeline& pipeline = loadPipeline(*family, job, emit);
        cancel.throwIfCancelled();
        GenerationResult result = pipeline.run(job, emit, cancel);
        cancel.throwIfCancelled();
        if (result.frames.empty())
            fail(ErrorCode::Internal, family->id() + ": the engine returned no frames");

        std::string recipe = recipeToJson(job, &result);
        const WriteProgress writing = [&](const fs::path& target, int step, int total) {
            ProgressEvent e;
            e.stage = Stage::Writing;
            e.step = step;
            e.total = total;
            e.message = target.filename().string();
            emit(e);
        };
        for (int attempt = 1;; ++attempt) {
            try {
                outcome.files = writeClip(result.frames, result.fps, job, paths, recipe, cancel, writing);
                break;
            } catch (const I2vError& e) {
                // Another process (a second `i2v generate` or batch in the same folder) published this name
                // between our choice and our atomic no-replace rename: the finished clip moves on to the next
                // free name instead of being thrown away. A name the user gave (--out) is never changed.
                if (!autoNamed || e.code() != ErrorCode::OutputExists || attempt >= 50)
                    throw;
                GenerationRequest renamed = job;
                renamed.output.path.clear();
                paths = pickOutputPaths(renamed, localNow());
                logInfo(std::string(e.what()) + "; writing the clip as " + paths.video.string() + " instead");
                job.output.path = paths.video.string();
                recipe = recipeToJson(job, &result);
                outcome.used.output.path = job.output.path;
            }
        }
        outcome.result = std::move(result);
        outcome.recipeJson = recipe;
        outcome.state = JobState::Done;
        ProgressEvent done;
        done.stage = Stage::Done;
        done.step = 1;
        done.total = 1;
        done.message = "wrote " + paths.video.string();
        emit(done);
    } catch (...) {
        outcome.error = errorFromCurrentException();
        outcome.state = outcome.error.code == ErrorCode::Cancelled ? JobState::Cancelled : JobState::Failed;
        outcome.files.clear(); // writeClip removed what it had written
        outcome.recipeJson.clear();
        if (outcome.error.code == ErrorCode::OutOfMemory)
            releasePipelineCache(); // give the next job (or the retry) a clean slate
        else
            releaseCachedDeviceMemory(); // the failed step's activations: back to the driver, model stays
    }
    return outcome;
}

} // namespace

JobOutcome runJob(const GenerationRequest& request, const ProgressObserver& observer, const CancelToken& cancel,
                  const FamilyLookup& families)
{
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    const auto elapsedMs = [&] { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); };

    std::int64_t peakReported = 0;
    const ProgressObserver emit = [&](const ProgressEvent& event) {
        ProgressEvent e = event;
        e.elapsedMs = elapsedMs();
        if (e.memoryBytes <= 0)
            e.memoryBytes = procstat::residentBytes();
        peakReported = std::max(peakReported, e.memoryBytes);
        if (observer)
            observer(e);
    };

    resetAllocatorPeak(); // the gauge's "job peak" and the bench's figures start with this job
    const ModelFamily* family = nullptr;
    JobOutcome outcome = runAttempt(request, emit, cancel, family, families);
    if (outcome.state == JobState::Failed && outcome.error.code == ErrorCode::OutOfMemory && family &&
        request.retrySmallerOnOutOfMemory) {
        // The first attempt left nothing behind; its output path (if the user named one) is free again.
        const std::optional<GenerationRequest> smaller = smallerAfterOutOfMemory(*family, request);
        if (!smaller) {
            outcome.log.push_back("out of memory at " + sizeLabel(request) + "; no smaller setting to retry at");
            logWarning(outcome.log.back());
        } else {
            const std::string note =
                "out of memory at " + sizeLabel(request) + "; retrying at " + sizeLabel(*smaller);
            logWarning(note + " (" + outcome.error.detail + ")");
            ProgressEvent retry;
            retry.stage = Stage::Loading;
            retry.step = 1;
            retry.total = 1;
            retry.message = note;
            emit(retry);
            outcome = runAttempt(*smaller, emit, cancel, family, families);
            outcome.retriedSmaller = true;
            outcome.log.insert(outcome.log.begin(), note);
            if (outcome.state == JobState::Failed)
                outcome.log.push_back("the retry at " + sizeLabel(*smaller) + " failed too: " + outcome.error.detail);
        }
    }
    if (outcome.state == JobState::Done) {
        // An offloaded run is slower and uses system RAM: the History says so (the recipe has the mode too).
        const auto it = outcome.result.details.find(kMemoryModeDetail);
        const auto mode = it == outcome.result.details.end() ? std::nullopt : memoryModeFromId(it->second);
        if (mode == MemoryMode::EncoderOffload || mode == MemoryMode::BlockOffload)
            outcome.log.push_back("ran in " + memoryModeDescription(*mode));
    }
    {
        PipelineCache& cache = pipelineCache(); // the idle time of a resident model counts from here
        std::lock_guard lock(cache.mutex);
        cache.lastUsed = std::chrono::steady_clock::now();
    }
    outcome.durationMs = elapsedMs();
    outcome.peakMemoryBytes = std::max(peakReported, procstat::peakResidentBytes());
    return outcome;
}

void releasePipelineCache()
{
    PipelineCache& cache = pipelineCache();
    std::lock_guard lock(cache.mutex);
    {
        ScorerCache& scorers = scorerCache();
        std::lock_guard scorerLock(scorers.mutex);
        scorers.scorer.reset();
        scorers.key.clear();
    }
    const bool had = cache.pipeline != nullptr;
    if (cache.pipeline)
        cache.pipeline->releaseCaches();
    cache.pipeline.reset();
    cache.key.clear();
    cache.label.clear();
    if (had)
        releaseCachedDeviceMemory(); // the weights' blocks go back to the driver, not just to the cache
}

bool releasePipelineIfIdle(std::chrono::milliseconds idleFor)
{
    {
        PipelineCache& cache = pipelineCache();
        std::lock_guard lock(cache.mutex);
        if (!cache.pipeline || std::chrono::steady_clock::now() - cache.lastUsed < idleFor)
            return false;
        logInfo("unloading " + cache.label + " after " + std::to_string(idleFor.count() / 1000) + " s without a job");
    }
    releasePipelineCache();
    return true;
}

std::string loadedPipelineLabel()
{
    PipelineCache& cache = pipelineCache();
    std::lock_guard lock(cache.mutex);
    return cache.pipeline ? cache.label : std::string();
}

} // namespace i2v
