// Reference: huggingface_hub 2.4 (constants.py: ENDPOINT, HF_TOKEN_PATH; hf_api.py: model_info with
// files_metadata -> ?blobs=true; file_download.py: hf_hub_url, the blob named by the normalised ETag).

#include "core/hub/hub_api.h"

#include "core/base/error.h"
#include "core/base/json_limits.h"
#include "core/hub/repo_id.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

namespace i2v::hub {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::int64_t kMaxFileBytes = std::int64_t{1} << 44; // 16 TiB: no real file is larger
constexpr std::size_t kMaxFiles = 100000;

bool isHex(const std::string& s, std::size_t length)
{
    return s.size() == length && std::all_of(s.begin(), s.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

bool endsWith(const std::string& s, const std::string& suffix)
{
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string readTokenFile(const fs::path& path)
{
    std::ifstream in(path);
    std::string token;
    if (in)
        std::getline(in, token);
    while (!token.empty() && (token.back() == '\r' || token.back() == ' ' || token.back() == '\t'))
        token.pop_back();
    return token;
}

// A weights file's group and variant: "unet/diffusion_pytorch_model.fp16-00001-of-00002.safetensors" ->
// group "unet/diffusion_pytorch_model", variant "fp16". nullopt for files that are not safetensors weights.
struct WeightName {
    std::string group;
    std::string variant;
};
std::optional<WeightName> weightName(const std::string& path)
{
    const bool weights = endsWith(path, ".safetensors");
    const bool index = endsWith(path, ".json") && path.find(".safetensors.index") != std::string::npos;
    if (!weights && !index)
        return std::nullopt;
    const auto slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
    const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    std::vector<std::string> tokens;
    for (std::size_t start = 0;;) {
        const auto dot = base.find('.', start);
        tokens.push_back(base.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
        if (dot == std::string::npos)
            break;
        start = dot + 1;
    }
    auto stripShard = [](std::string t) {
        const auto of = t.find("-of-");
        if (of != std::string::npos) {
            const auto dash = t.rfind('-', of - 1);
            if (dash != std::string::npos)
                t = t.substr(0, dash);
        }
        return t;
    };
    WeightName w;
    w.group = dir + stripShard(tokens.front());
    for (std::size_t i = 1; i < tokens.size(); ++i) {
        const std::string t = stripShard(tokens[i]);
        if (t != "safetensors" && t != "index" && t != "json" && !t.empty()) {
            w.variant = t;
            break;
        }
    }
    return w;
}

bool isWantedSmallFile(const std::string& path)
{
    const auto slash = path.rfind('/');
    const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    if (base.empty() || base.front() == '.')
        return false;
    return endsWith(base, ".json") || endsWith(base, ".txt") || endsWith(base, ".model");
}

} // namespace

HubSettings HubSettings::fromEnvironment(const EnvLookup& envIn)
{
    const EnvLookup env = envIn ? envIn : processEnvironment();
    auto get = [&](const char* name) -> std::optional<std::string> {
        auto v = env(name);
        return v && !v->empty() ? v : std::nullopt;
    };
    HubSettings s;
    if (const auto e = get("HF_ENDPOINT")) {
        s.endpoint = *e;
        while (!s.endpoint.empty() && s.endpoint.back() == '/')
            s.endpoint.pop_back();
    }
    if (const auto t = get("HF_TOKEN"))
        s.token = *t;
    else if (const auto p = get("HF_TOKEN_PATH"))
        s.token = readTokenFile(*p);
    else
        s.token = readTokenFile(huggingFaceHome(env) / "token");
    s.cacheDir = huggingFaceHubCache(env);
    return s;
}

RepoListing parseRepoListing(const std::string& body, const std::string& repoId, const std::string& revision)
{
    const std::string what = repoId + "@" + revision;
    const json j = parseJsonLimited(body);
    if (j.is_discarded() || !j.is_object())
        fail(ErrorCode::NetworkFailed, what + ": the Hub's answer is not JSON (is HF_ENDPOINT a Hub?)");
    RepoListing out;
    out.repoId = repoId;
    out.revision = revision;
    const auto sha = j.find("sha");
    if (sha == j.end() || !sha->is_string() || !isCommitHash(sha->get<std::string>()))
        fail(ErrorCode::NetworkFailed, what + ": the Hub's answer has no commit id (\"sha\")");
    out.commit = sha->get<std::string>();
    if (const auto g = j.find("gated"); g != j.end())
        out.gated = g->is_string() || (g->is_boolean() && g->get<bool>());
    const auto siblings = j.find("siblings");
    if (siblings == j.end() || !siblings->is_array())
        fail(ErrorCode::NetworkFailed, what + ": the Hub's answer has no file list (\"siblings\")");
    if (siblings->size() > kMaxFiles)
        fail(ErrorCode::NetworkFailed, what + ": the Hub lists more than 100000 files");
    std::set<std::string> seen;
    for (const json& s : *siblings) {
        if (!s.is_object())
            fail(ErrorCode::NetworkFailed, what + ": a file entry is not an object");
        RepoFile f;
        const auto name = s.find("rfilename");
        if (name == s.end() || !name->is_string())
            fail(ErrorCode::NetworkFailed, what + ": a file entry has no \"rfilename\"");
        f.path = name->get<std::string>();
        if (!isSafeRepoPath(f.path))
            fail(ErrorCode::NetworkFailed, what + ": refusing the unsafe file path \"" + f.path + "\"");
        if (!seen.insert(f.path).second)
            fail(ErrorCode::NetworkFailed, what + ": \"" + f.path + "\" is listed twice");
        const auto size = s.find("size");
        if (size == s.end() || !size->is_number_integer() || size->get<std::int64_t>() < 0 ||
            size->get<std::int64_t>() > kMaxFileBytes)
            fail(ErrorCode::NetworkFailed, what + ": \"" + f.path + "\" has no valid \"size\" (the API needs "
                                                                  "?blobs=true)");
        f.size = size->get<std::int64_t>();
        if (const auto blob = s.find("blobId"); blob != s.end() && blob->is_string())
            f.blobId = blob->get<std::string>();
        if (const auto lfs = s.find("lfs"); lfs != s.end() && lfs->is_object()) {
            const auto sha256 = lfs->find("sha256");
            if (sha256 == lfs->end() || !sha256->is_string() || !isHex(sha256->get<std::string>(), 64))
                fail(ErrorCode::NetworkFailed, what + ": \"" + f.path + "\" is an LFS file without a valid sha256");
            f.lfsSha256 = sha256->get<std::string>();
            if (const auto lsize = lfs->find("size"); lsize != lfs->end() && lsize->is_number_integer() &&
                                                      lsize->get<std::int64_t>() != f.size)
                fail(ErrorCode::NetworkFailed, what + ": \"" + f.path + "\" has two different sizes");
        }
        if (!f.isLfs() && !isHex(f.blobId, 40))
            fail(ErrorCode::NetworkFailed, what + ": \"" + f.path + "\" has no valid \"blobId\"");
        out.files.push_back(std::move(f));
    }
    return out;
}

std::string listingUrl(const HubSettings& hub, const std::string& repoId, const std::string& revision)
{
    return hub.endpoint + "/api/models/" + repoId + "/revision/" + urlQuote(revision) + "?blobs=true";
}

std::string resolveUrl(const HubSettings& hub, const std::string& repoId, const std::string& commit,
                       const std::string& path)
{
    return hub.endpoint + "/" + repoId + "/resolve/" + urlQuote(commit) + "/" + urlQuote(path, true);
}

std::vector<RepoFile> selectFiles(const std::vector<RepoFile>& files, const std::vector<std::string>& allowPatterns,
                                  const std::string& variant)
{
    std::vector<RepoFile> out;
    std::map<std::string, std::vector<std::pair<std::string, const RepoFile*>>> groups; // group -> (variant, file)
    for (const RepoFile& f : files) {
        if (!allowPatterns.empty() &&
            std::none_of(allowPatterns.begin(), allowPatterns.end(),
                         [&](const std::string& p) { return matchesPattern(f.path, p); }))
            continue;
        if (const auto w = weightName(f.path)) {
            groups[w->group].emplace_back(w->variant, &f);
            continue;
        }
        if (isWantedSmallFile(f.path))
            out.push_back(f);
    }
    for (const auto& [group, members] : groups) {
        auto has = [&](const std::string& v) {
            return std::any_of(members.begin(), members.end(), [&](const auto& m) { return m.first == v; });
        };
        std::string take;
        if (has(variant))
            take = variant;
        else if (has(""))
            take = "";
        else if (has("fp16"))
            take = "fp16";
        else
            take = std::min_element(members.begin(), members.end())->first;
        for (const auto& [v, f] : members)
            if (v == take)
                out.push_back(*f);
    }
    std::sort(out.begin(), out.end(), [](const RepoFile& a, const RepoFile& b) { return a.path < b.path; });
    return out;
}

void failForStatus(const HttpResponse& response, const std::string& what, const HubSettings& hub)
{
    std::string hubSays = response.firstHeader("x-error-message");
    const std::string errorCode = response.firstHeader("x-error-code");
    if (hubSays.empty() && response.body.size() < 400 && response.body.find('<') == std::string::npos) {
        const json j = parseJsonLimited(response.body);
        if (j.is_object() && j.contains("error") && j["error"].is_string())
            hubSays = j["error"].get<std::string>();
    }
    const std::string said = hubSays.empty() ? "" : " (the Hub says: " + hubSays + ")";
    const std::string status = "HTTP " + std::to_string(response.status);
    if (response.status == 401 || response.status == 403) {
        const bool gated = errorCode == "GatedRepo" || hubSays.find("gated") != std::string::npos ||
                           hubSays.find("restricted") != std::string::npos;
        std::string msg = what + ": access denied by " + hub.endpoint + " (" + status + ")" + said + ". ";
        if (gated)
            msg += "This repository is gated: accept its terms on its Hub page with your account, then ";
        else
            msg += "The repository is gated or private, or does not exist: if you have access, ";
        msg += hub.token.empty() ? "set HF_TOKEN to an access token (no token was sent)"
                                 : "check that the token in HF_TOKEN is valid and has read access (it was refused)";
        fail(ErrorCode::AccessDenied, msg);
    }
    if (response.status == 404) {
        std::string kind = "not found";
        if (errorCode == "RevisionNotFound")
            kind = "revision not found";
        else if (errorCode == "RepoNotFound")
            kind = "repository not found";
        else if (errorCode == "EntryNotFound")
            kind = "file not found";
        fail(ErrorCode::ModelNotFound, what + ": " + kind + " on " + hub.endpoint + " (" + status + ")" + said +
                                           ". Check the name and the revision");
    }
    fail(ErrorCode::NetworkFailed, what + ": " + hub.endpoint + " answered " + status + said);
}

} // namespace i2v::hub
