#pragma once
// Getting models, for the command line and the window alike: pull a repository from the Hub (or a mirror)
// with the catalogue's file rules, list what the Hugging Face cache holds, verify and remove. The download
// itself is core/hub's; this adds the catalogue lookup, the endpoint/token/cache from the environment and
// the record of verified blobs (<user data>/hub_verified.json). No Qt, no torch.

#include "core/base/cancel.h"
#include "core/hub/catalogue.h"
#include "core/hub/downloader.h"
#include "core/hub/installed.h"

#include <cstdint>
#include <string>
#include <vector>

namespace i2v {

struct ModelPullRequest {
    std::string spec;               // "ORG/NAME" or "ORG/NAME@REVISION"
    std::string variant;            // "" or a variant the catalogue offers ("fp16"); any for repos outside it
    std::string endpoint;           // overrides $HF_ENDPOINT when non-empty
    std::int64_t maxBytesPerSecond = 0;
    int maxRetries = 6;              // consecutive failed attempts per file (back-off 1 s, 2 s, 4 s ... 30 s)
    bool keepPartialOnCancel = true; // pause (resume later) rather than discard
};

// The Hub settings from the environment ($HF_ENDPOINT, $HF_TOKEN, $HF_HUB_CACHE...), with `endpoint` (when
// non-empty, trailing '/' removed) instead of $HF_ENDPOINT. Throws InvalidArgument for an endpoint that is
// not http(s)://.
hub::HubSettings hubSettings(const std::string& endpoint = {});

// Builds the downloader options for a request: the catalogue entry's file patterns (and a check that the
// variant is one it offers), else every safetensors/config file of the repository. Throws InvalidArgument
// naming the spec or the variant.
hub::PullOptions pullOptionsFor(const ModelPullRequest& request, const hub::Catalogue& catalogue);

// Pulls, then records the blobs verified by the download. Errors as hub::Downloader::pull.
hub::PullResult pullModel(const ModelPullRequest& request, const hub::PullObserver& observer = {},
                          const CancelToken& cancel = {});

// What `i2v models list` prints: every snapshot in the cache (repo, commit, refs, size, state) and the
// catalogue's models with their sizes and GPU memory per tier; or the same as JSON.
std::string describeInstalledModels(bool asJson);

// "4.98 GB" (decimal, as download sizes are quoted) and "1:05:03" / "3:07" for durations.
std::string formatDownloadBytes(std::int64_t bytes);
std::string formatDuration(double seconds);

} // namespace i2v
