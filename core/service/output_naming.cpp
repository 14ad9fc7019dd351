#include "core/service/output_naming.h"

#include "core/base/log.h"

#include "core/base/error.h"
#include "core/base/paths.h"
#include "core/media/recipe.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace i2v {
namespace {

// Length of the well-formed UTF-8 character starting at text[i], or 0 when the bytes there are not one.
std::size_t utf8CharLength(const std::string& text, std::size_t i)
{
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const std::size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (n == 0 || i + n > text.size())
        return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80)
            return 0;
    return n;
}

bool pathTaken(const fs::path& p)
{
    std::error_code ec;
    return fs::exists(fs::symlink_status(p, ec));
}

} // namespace

std::string promptSlug(const std::string& prompt, std::size_t maxChars)
{
    std::string slug;
    std::size_t chars = 0;
    std::size_t lastBreak = 0; // slug length at the last '-' written
    bool pendingDash = false;
    for (std::size_t i = 0; i < prompt.size() && chars < maxChars;) {
        const unsigned char c = static_cast<unsigned char>(prompt[i]);
        if (c < 0x80) {
            ++i;
            if (std::isalnum(c)) {
                if (pendingDash && !slug.empty()) {
                    lastBreak = slug.size();
                    slug += '-';
                    ++chars;
                }
                pendingDash = false;
                slug += static_cast<char>(std::tolower(c));
                ++chars;
            } else {
                pendingDash = true;
            }
            continue;
        }
        const std::size_t n = utf8CharLength(prompt, i);
        if (n == 0) { // not well-formed UTF-8: treat the byte as a separator
            ++i;
            pendingDash = true;
            continue;
        }
        // Full-width punctuation and spaces (U+3000..U+303F, U+FF00..U+FF0F) separate words.
        const bool cjkPunct = (c == 0xE3 && static_cast<unsigned char>(prompt[i + 1]) == 0x80) ||
                              (c == 0xEF && static_cast<unsigned char>(prompt[i + 1]) == 0xBC &&
                               static_cast<unsigned char>(prompt[i + 2]) <= 0x8F);
        if (cjkPunct) {
            pendingDash = true;
        } else {
            if (pendingDash && !slug.empty()) {
                lastBreak = slug.size();
                slug += '-';
                ++chars;
            }
            pendingDash = false;
            slug.append(prompt, i, n);
            ++chars;
        }
        i += n;
    }
    const bool truncated = chars >= maxChars;
    if (truncated && lastBreak > slug.size() / 2)
        slug.resize(lastBreak);
    while (!slug.empty() && slug.back() == '-')
        slug.pop_back();
    return slug.empty() ? std::string("clip") : slug;
}

std::string autoOutputName(const GenerationRequest& request, const std::tm& localTime)
{
    char stamp[32];
    std::snprintf(stamp, sizeof stamp, "%04d-%02d-%02d_%02d-%02d-%02d", localTime.tm_year + 1900,
                  localTime.tm_mon + 1, localTime.tm_mday, localTime.tm_hour, localTime.tm_min, localTime.tm_sec);
    return std::string(stamp) + "_" + promptSlug(request.prompt) + "_seed" + std::to_string(request.seed) +
           outputFormatExtension(request.output.format);
}

fs::path freeOutputPath(const fs::path& wanted, bool withSidecar)
{
    return uniquePath(wanted, [&](const fs::path& p) {
        return pathTaken(p) || (withSidecar && pathTaken(sidecarPathFor(p)));
    });
}

OutputPaths pickOutputPaths(const GenerationRequest& request, const std::tm& localTime)
{
    const OutputSettings& out = request.output;
    // Temps a killed run left in the output folder (kill -9, power loss): gone at the next run there.
    {
        const fs::path folder = !out.path.empty() ? fs::path(out.path).parent_path()
                                                  : fs::path(out.outputDir.empty() ? "." : out.outputDir);
        if (const int n = sweepStaleTemps(folder.empty() ? fs::path(".") : folder); n > 0)
            logInfo("removed " + std::to_string(n) + " temp file(s) left by an interrupted run in " + folder.string());
    }
    const bool folderOutput = out.format == OutputFormat::PngFrames;
    OutputPaths paths;
    if (!out.path.empty()) {
        paths.video = out.path;
        // Checked before any work, so a clip is never made only to fail at its name.
        if (const std::size_t n = paths.video.filename().string().size(); n > 255)
            fail(ErrorCode::InvalidArgument, paths.video.string() + ": the file name is " + std::to_string(n) +
                                                 " bytes long; a file name may be at most 255 bytes");
        if (pathTaken(paths.video))
            fail(ErrorCode::OutputExists, paths.video.string() + ": already exists; not overwriting it");
        ensureWritableDir(paths.video.parent_path(), false);
        if (out.writeSidecar && !folderOutput) {
            paths.sidecar = sidecarPathFor(paths.video);
            if (pathTaken(paths.sidecar))
                fail(ErrorCode::OutputExists, paths.sidecar.string() + ": already exists; not overwriting it");
        }
    } else {
        const fs::path dir = out.outputDir.empty() ? fs::path(".") : fs::path(out.outputDir);
        ensureWritableDir(dir, true);
        const fs::path candidate = freeOutputPath(dir / autoOutputName(request, localTime),
                                                  out.writeSidecar && !folderOutput);
        paths.video = candidate;
        if (out.writeSidecar && !folderOutput)
            paths.sidecar = sidecarPathFor(candidate);
    }
    if (!out.framesDir.empty()) {
        paths.framesDir = out.framesDir;
        if (pathTaken(paths.framesDir))
            fail(ErrorCode::OutputExists,
                 paths.framesDir.string() + ": already exists; frames go into a new folder, pick another name");
        ensureWritableDir(paths.framesDir.parent_path(), false);
    }
    return paths;
}

} // namespace i2v
