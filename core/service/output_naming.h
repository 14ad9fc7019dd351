#pragma once
// Output naming, the one rule for the window, the command line, batch and export: readable automatic
// names and the free-path choice. Pure functions except freeOutputPath and pickOutputPaths, which look at
// the disk.

#include "core/request/generation_request.h"

#include <ctime>
#include <filesystem>
#include <string>

namespace i2v {

// A file-name-safe slug of a prompt: ASCII letters/digits lower-cased, runs of anything else (spaces,
// punctuation, '/' etc.) collapsed into one '-', non-ASCII letters (e.g. Chinese) kept as whole UTF-8
// characters, at most `maxChars` characters, cut at a word boundary when possible. "" → "clip".
std::string promptSlug(const std::string& prompt, std::size_t maxChars = 40);

// "2026-11-22_03-15-00_camera-slowly-zooming-in_seed42.mp4" (no extension for PngFrames: a folder).
// `localTime` is the creation time (local time of the user).
std::string autoOutputName(const GenerationRequest& request, const std::tm& localTime);

// The first free variant of `wanted`: "clip.mp4", else "clip (2).mp4", "clip (3).mp4"... Free means the
// path (file, folder or dangling link) and, when withSidecar, its sidecar (sidecarPathFor) do not exist.
// uniquePath (core/base/paths.h) with the sidecar rule. Throws OutputExists after 100000 tries.
std::filesystem::path freeOutputPath(const std::filesystem::path& wanted, bool withSidecar);

struct OutputPaths {
    std::filesystem::path video;   // the file (or the PNG folder)
    std::filesystem::path sidecar; // sidecarPathFor(video) (core/media/recipe.h); empty for PngFrames (recipe.json
                                   // inside) or when output.writeSidecar is off
    std::filesystem::path framesDir; // empty when not asked for
};

// Decides where a request's outputs go, before any work is done:
// - output.path set: used as is; if it (or its sidecar) exists → OutputExists (never overwritten); its
//   folder must exist and be writable (OutputUnwritable).
// - else auto-named in output.outputDir (created when missing; OutputUnwritable when impossible), with
//   " (2)", " (3)"... added until the video and its sidecar are both free.
// - output.framesDir set: must not exist yet (OutputExists); its parent must be writable.
OutputPaths pickOutputPaths(const GenerationRequest& request, const std::tm& localTime);

} // namespace i2v
