// i2v models: the models found (built-in engines and model folders in the Hugging Face cache), and getting
// them: `i2v models pull|list|verify|remove` (core/service/model_downloads.h).

#include "cli_common.h"
#include "commands.h"

#include "core/base/cancel.h"
#include "core/service/catalog.h"
#include "core/service/interrupt.h"
#include "core/service/model_downloads.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace {

using namespace i2v;

const char* kModelsUsage =
    "Usage: i2v models [--json]                 list the models found (built-in engines, downloaded folders)\n"
    "       i2v models list [--json]            what the Hugging Face cache holds (size, state) and the catalogue\n"
    "       i2v models pull REPO[@REV] [--variant fp16] [--endpoint URL] [--max-rate RATE] [--retries N]\n"
    "       i2v models verify REPO              re-hash every file of a downloaded model\n"
    "       i2v models remove REPO              delete a model from the Hugging Face cache\n\n"
    "Downloads go to the Hugging Face cache ($HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub),\n"
    "shared with diffusers and ComfyUI, from $HF_ENDPOINT (default https://huggingface.co; a mirror such as\n"
    "https://hf-mirror.com works) with $HF_TOKEN for gated models; https_proxy is honoured. Every file's\n"
    "SHA-256 is checked before it is used. Ctrl-C pauses: run the same command again to resume.\n";

// "10M", "500k", "2.5MB", "1048576" (bytes per second) -> bytes; throws InvalidArgument.
std::int64_t parseRate(const std::string& text)
{
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    std::string unit = end ? std::string(end) : std::string();
    for (char& c : unit)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (unit.size() > 1 && unit.back() == 's' && unit[unit.size() - 2] == '/')
        unit.resize(unit.size() - 2);
    if (!unit.empty() && unit.back() == 'b')
        unit.pop_back();
    double scale = 1;
    if (unit == "k")
        scale = 1e3;
    else if (unit == "m")
        scale = 1e6;
    else if (unit == "g")
        scale = 1e9;
    else if (!unit.empty())
        fail(ErrorCode::InvalidArgument, "--max-rate \"" + text + "\" is not a rate (e.g. 10M for 10 MB/s, 500k)");
    const double bytes = v * scale;
    if (end == text.c_str() || !(bytes >= 1000) || bytes > 1e12)
        fail(ErrorCode::InvalidArgument, "--max-rate \"" + text + "\" is out of range (1k .. 1000G bytes per second)");
    return static_cast<std::int64_t>(bytes);
}

// A progress bar on a terminal (stderr), else one plain line per file and about every 5 seconds.
class PullPrinter {
public:
    PullPrinter() : m_tty(::isatty(STDERR_FILENO) == 1) {}

    void update(const hub::PullProgress& p)
    {
        std::lock_guard lock(m_mutex);
        if (!p.message.empty()) {
            endLine();
            std::fprintf(stderr, "%s\n", p.message.c_str());
        }
        if (p.phase == hub::PullProgress::Phase::Resolving) {
            return;
        }
        const double pct = p.totalBytes > 0 ? 100.0 * static_cast<double>(p.totalDone) / p.totalBytes : 100.0;
        const std::string numbers = formatDownloadBytes(p.totalDone) + " / " + formatDownloadBytes(p.totalBytes) +
                                    "  " + formatDownloadBytes(static_cast<std::int64_t>(p.bytesPerSecond)) + "/s" +
                                    "  ETA " + formatDuration(p.etaSeconds);
        const std::string file = "[" + std::to_string(p.fileIndex) + "/" + std::to_string(p.fileCount) + "] " + p.file;
        if (m_tty) {
            constexpr int kWidth = 24;
            const int filled = static_cast<int>(pct / 100.0 * kWidth + 0.5);
            std::string bar(static_cast<std::size_t>(filled), '#');
            bar.resize(kWidth, '.');
            std::fprintf(stderr, "\r\033[K[%s] %5.1f%%  %s  %s", bar.c_str(), pct, numbers.c_str(), file.c_str());
            m_open = true;
        } else {
            const auto now = std::chrono::steady_clock::now();
            const bool newFile = p.fileIndex != m_lastFile;
            if (newFile || now - m_lastLine > std::chrono::seconds(5) || p.phase == hub::PullProgress::Phase::Done) {
                std::fprintf(stderr, "%5.1f%%  %s  %s\n", pct, numbers.c_str(), file.c_str());
                m_lastLine = now;
                m_lastFile = p.fileIndex;
            }
        }
        std::fflush(stderr);
    }
    void note(const std::string& text)
    {
        std::lock_guard lock(m_mutex);
        endLine();
        std::fprintf(stderr, "%s\n", text.c_str());
        std::fflush(stderr);
    }
    void finish()
    {
        std::lock_guard lock(m_mutex);
        endLine();
    }

private:
    void endLine()
    {
        if (m_open)
            std::fputc('\n', stderr);
        m_open = false;
    }
    std::mutex m_mutex;
    bool m_tty;
    bool m_open = false;
    int m_lastFile = -1;
    std::chrono::steady_clock::time_point m_lastLine{};
};

int runPull(const std::vector<std::string>& args)
{
    const std::vector<cli::OptionSpec> specs = {
        {"variant", "NAME", "weights variant, e.g. fp16 (half the download for I2VGen-XL)"},
        {"endpoint", "URL", "Hub or mirror address (default $HF_ENDPOINT, else https://huggingface.co)"},
        {"max-rate", "RATE", "bandwidth limit in bytes per second: 10M, 500k, ..."},
        {"retries", "N", "retries per file after a network or server error (default 6, back-off up to 30 s)"}};
    const cli::ParsedArgs parsed = cli::parseArgs(args, specs, 1);
    if (parsed.help) {
        std::printf("Usage: i2v models pull REPO[@REVISION] [options]\n\nDownloads a model repository (safetensors "
                    "weights and configs only) into the Hugging Face cache,\nresuming a previous partial download. "
                    "Prints the snapshot folder on stdout.\n\nOptions:\n%s",
                    cli::optionsHelp(specs).c_str());
        return kExitOk;
    }
    if (parsed.positionals.empty())
        fail(ErrorCode::InvalidArgument, "i2v models pull needs a repository, e.g. i2v models pull ali-vilab/i2vgen-xl");
    ModelPullRequest request;
    request.spec = parsed.positionals[0];
    if (const auto it = parsed.values.find("variant"); it != parsed.values.end())
        request.variant = it->second;
    if (const auto it = parsed.values.find("endpoint"); it != parsed.values.end())
        request.endpoint = it->second;
    if (const auto it = parsed.values.find("max-rate"); it != parsed.values.end())
        request.maxBytesPerSecond = parseRate(it->second);
    if (const auto it = parsed.values.find("retries"); it != parsed.values.end()) {
        char* end = nullptr;
        const long n = std::strtol(it->second.c_str(), &end, 10);
        if (it->second.empty() || *end != '\0' || n < 0 || n > 100)
            fail(ErrorCode::InvalidArgument, "--retries \"" + it->second + "\" is not a number from 0 to 100");
        request.maxRetries = static_cast<int>(n);
    }

    PullPrinter printer;
    CancelToken cancel;
    InterruptWatcher interrupts([&](int) {
        printer.note("pausing... (run the same command again to resume)");
        cancel.cancel();
    });
    const hub::HubSettings settings = hubSettings(request.endpoint);
    printer.note("pulling " + request.spec + (request.variant.empty() ? "" : " (" + request.variant + ")") +
                 " from " + settings.endpoint + " into " + settings.cacheDir.string());
    hub::PullResult r;
    try {
        r = pullModel(request, [&](const hub::PullProgress& p) { printer.update(p); }, cancel);
    } catch (...) {
        printer.finish();
        throw;
    }
    printer.finish();
    char summary[256];
    std::snprintf(summary, sizeof summary, "done: %s at %s, %d files downloaded (%s in %.1f s), %d already there, %d retries",
                  r.repoId.c_str(), r.commit.substr(0, 12).c_str(), r.filesDownloaded,
                  formatDownloadBytes(r.bytesDownloaded).c_str(), r.seconds, r.filesReused, r.retries);
    printer.note(summary);
    std::printf("%s\n", r.snapshot.string().c_str());
    return kExitOk;
}

int runVerify(const std::vector<std::string>& args)
{
    const cli::ParsedArgs parsed = cli::parseArgs(args, {}, 1);
    if (parsed.help) {
        std::printf("Usage: i2v models verify REPO\n\nRe-hashes every file of the model's snapshots in the Hugging "
                    "Face cache against the\nhash it is named by (SHA-256 for weights). Exit code 4 when a file is "
                    "damaged or missing.\n");
        return kExitOk;
    }
    if (parsed.positionals.empty())
        fail(ErrorCode::InvalidArgument, "i2v models verify needs a repository, e.g. i2v models verify ali-vilab/i2vgen-xl");
    CancelToken cancel;
    InterruptWatcher interrupts([&](int) { cancel.cancel(); });
    hub::VerifiedBlobs record(hub::VerifiedBlobs::defaultFile());
    const bool tty = ::isatty(STDERR_FILENO) == 1;
    const auto reports = hub::verifyInstalled(
        huggingFaceHubCache(), parsed.positionals[0], record,
        [&](const std::string& path, int i, int n) {
            if (tty)
                std::fprintf(stderr, "\r\033[Kverifying [%d/%d] %s", i, n, path.c_str());
        },
        cancel);
    if (tty)
        std::fputs("\r\033[K", stderr);
    int problems = 0;
    for (const auto& r : reports) {
        std::printf("%s %s: %d files hashed (%s in %.1f s = %s/s)%s, %zu problems\n", r.repoId.c_str(),
                    r.commit.substr(0, 12).c_str(), r.filesChecked, formatDownloadBytes(r.bytesHashed).c_str(),
                    r.seconds, formatDownloadBytes(r.seconds > 0 ? static_cast<std::int64_t>(r.bytesHashed / r.seconds) : 0).c_str(),
                    r.filesUnverifiable ? (", " + std::to_string(r.filesUnverifiable) + " without a hash name").c_str() : "",
                    r.problems.size());
        for (const auto& p : r.problems)
            std::printf("  %s: %s\n", p.path.c_str(), p.detail.c_str());
        problems += static_cast<int>(r.problems.size());
    }
    if (problems > 0)
        return cli::reportError({ErrorCode::WeightsCorrupt,
                                 parsed.positionals[0] + ": " + std::to_string(problems) +
                                     " file(s) damaged or missing. Run `i2v models remove " + parsed.positionals[0] +
                                     "` and pull it again"});
    return kExitOk;
}

int runRemove(const std::vector<std::string>& args)
{
    const cli::ParsedArgs parsed = cli::parseArgs(args, {}, 1);
    if (parsed.help) {
        std::printf("Usage: i2v models remove REPO\n\nDeletes the model (every snapshot, blob and partial download) "
                    "from the Hugging Face cache.\n");
        return kExitOk;
    }
    if (parsed.positionals.empty())
        fail(ErrorCode::InvalidArgument, "i2v models remove needs a repository, e.g. i2v models remove ali-vilab/i2vgen-xl");
    const std::int64_t freed = hub::removeInstalled(huggingFaceHubCache(), parsed.positionals[0]);
    std::printf("removed %s (%s freed)\n", parsed.positionals[0].c_str(), formatDownloadBytes(freed).c_str());
    return kExitOk;
}

} // namespace

int runModels(const std::vector<std::string>& args)
{
    using namespace i2v;
    return cli::guarded([&] {
        if (!args.empty() && args[0].rfind("--", 0) != 0) {
            const std::string sub = args[0];
            const std::vector<std::string> rest(args.begin() + 1, args.end());
            if (sub == "pull")
                return runPull(rest);
            if (sub == "verify")
                return runVerify(rest);
            if (sub == "remove")
                return runRemove(rest);
            if (sub == "list") {
                const std::vector<cli::OptionSpec> specs = {{"json", "", "print JSON instead of text"}};
                const cli::ParsedArgs parsed = cli::parseArgs(rest, specs);
                if (parsed.help) {
                    std::printf("Usage: i2v models list [--json]\n\nWhat the Hugging Face cache holds (size; "
                                "complete, verified or incomplete) and the models\nthis app can download.\n\n"
                                "Options:\n%s",
                                cli::optionsHelp(specs).c_str());
                    return static_cast<int>(kExitOk);
                }
                std::fputs(describeInstalledModels(parsed.switches.count("json") > 0).c_str(), stdout);
                return static_cast<int>(kExitOk);
            }
            fail(ErrorCode::InvalidArgument, "'" + sub + "' is not an `i2v models` command (pull, list, verify, remove)");
        }
        const std::vector<cli::OptionSpec> specs = {{"json", "", "print JSON instead of text"}};
        const cli::ParsedArgs parsed = cli::parseArgs(args, specs);
        if (parsed.help) {
            std::printf("%s\nOptions:\n%s", kModelsUsage, cli::optionsHelp(specs).c_str());
            return static_cast<int>(kExitOk);
        }
        std::fputs(describeModels(parsed.switches.count("json") > 0).c_str(), stdout);
        return static_cast<int>(kExitOk);
    });
}
