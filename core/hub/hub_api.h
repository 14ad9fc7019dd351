#pragma once
// The Hub's model API as huggingface_hub 2.4 uses it (hf_api.py model_info, file_download.py): where it
// lives (HF_ENDPOINT), the token (HF_TOKEN, else the token file), the revision -> commit listing with each
// file's size, git blob id and LFS SHA-256, and which of those files a pipeline needs.

#include "core/base/hf_home.h"
#include "core/hub/http_client.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace i2v::hub {

inline constexpr const char* kDefaultEndpoint = "https://huggingface.co";

struct HubSettings {
    std::string endpoint = kDefaultEndpoint; // no trailing '/'
    std::string token;                       // "" = anonymous
    std::filesystem::path cacheDir;          // the hub cache (HF_HUB_CACHE rules)

    // $HF_ENDPOINT (trailing '/' removed) else https://huggingface.co; $HF_TOKEN, else the file
    // $HF_TOKEN_PATH, else $HF_HOME/token (as huggingface_hub); the cache by huggingFaceHubCache().
    static HubSettings fromEnvironment(const EnvLookup& env = {});
};

struct RepoFile {
    std::string path;          // "unet/diffusion_pytorch_model.fp16.safetensors"
    std::int64_t size = 0;
    std::string blobId;        // git blob sha1 (40 hex)
    std::string lfsSha256;     // 64 hex for LFS files, else ""

    bool isLfs() const { return !lfsSha256.empty(); }
    // The blob's name in the cache, as huggingface_hub names it from the ETag: the SHA-256 for LFS
    // files (X-Linked-Etag), the git blob id otherwise.
    const std::string& blobName() const { return isLfs() ? lfsSha256 : blobId; }
};

struct RepoListing {
    std::string repoId;
    std::string revision; // as asked
    std::string commit;   // 40-hex sha it resolved to
    std::vector<RepoFile> files;
    std::optional<bool> gated; // when the API says
};

// Parses GET {endpoint}/api/models/{repo}/revision/{rev}?blobs=true. Throws I2vError(NetworkFailed)
// naming the repo when the answer is not the expected JSON, and refuses unsafe paths, bad hashes and sizes.
RepoListing parseRepoListing(const std::string& body, const std::string& repoId, const std::string& revision);

// "https://hub/api/models/ORG/NAME/revision/<quoted rev>?blobs=true" and
// "https://hub/ORG/NAME/resolve/<commit>/<quoted path>".
std::string listingUrl(const HubSettings& hub, const std::string& repoId, const std::string& revision);
std::string resolveUrl(const HubSettings& hub, const std::string& repoId, const std::string& commit,
                       const std::string& path);

// Which files of a listing a pipeline needs: those matching `allowPatterns` (all when empty), of these
// kinds only: *.safetensors and *.safetensors.index.json weights, *.json, *.txt, and *.model (SentencePiece)
// files. Never pickles or other formats (.bin, .ckpt, .pt, .pth, .msgpack, .h5, .onnx...), nor README,
// images or .gitattributes. Per weights group (same folder and stem, sharded or not):
//   variant "fp16": the group's .fp16 files when it has them, else its plain ones (as diffusers falls back);
//   variant "":     the plain files when there are any, else the variant ones (so the folder still loads).
// A listing with no weights left is refused by the caller, not here. Sorted by path.
std::vector<RepoFile> selectFiles(const std::vector<RepoFile>& files, const std::vector<std::string>& allowPatterns,
                                  const std::string& variant);

// Turns an HTTP failure status into the error to throw (401/403 AccessDenied with the gated-repository
// advice, 404 ModelNotFound, others NetworkFailed), naming `what` and the Hub's X-Error-Message.
[[noreturn]] void failForStatus(const HttpResponse& response, const std::string& what, const HubSettings& hub);

} // namespace i2v::hub
