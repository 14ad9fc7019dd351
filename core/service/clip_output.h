#pragma once
// The end of a job on disk, in one place for the runner and for export: the clip encoded atomically with
// its recipe in the container tags, the sidecar, the optional PNG frames folder.

#include "core/base/cancel.h"
#include "core/request/generation_request.h"
#include "core/service/job_types.h"
#include "core/service/output_naming.h"

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace i2v {

// Called while writing: the file being written, frames done, frames in all.
using WriteProgress = std::function<void(const std::filesystem::path& target, int done, int total)>;

// Writes `frames` to the paths pickOutputPaths() chose for `request`: the video (request.output.format,
// crf, `fps`) with `recipeJson` in its tags, then the sidecar (when paths.sidecar is set), then the PNG
// frames (when paths.framesDir is set). On any failure, cancellation included, everything this call
// created is removed and the error is rethrown. Returns the written paths in that order.
std::vector<std::string> writeClip(const std::vector<Image>& frames, int fps, const GenerationRequest& request,
                                   const OutputPaths& paths, const std::string& recipeJson,
                                   const CancelToken& cancel = {}, const WriteProgress& progress = {});

// Exports a finished job's clip again, to `path` as `format`: the frames of outcome.result with the recipe
// of what actually ran (outcome.used: after an out-of-memory retry the smaller setting), its output
// settings changed to the export's. Never overwrites (OutputExists for the file or its sidecar; a PNG
// folder carries its recipe inside). Needs a Done outcome with frames (InvalidArgument otherwise).
// Returns the written paths (the video, then the sidecar).
std::vector<std::string> exportClip(const JobOutcome& outcome, const std::filesystem::path& path, OutputFormat format,
                                    const CancelToken& cancel = {});

} // namespace i2v
