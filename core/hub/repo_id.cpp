#include "core/hub/repo_id.h"

#include "core/base/error.h"

#include <fnmatch.h>

namespace i2v::hub {
namespace {

bool isNamePart(const std::string& s)
{
    if (s.empty() || s.size() > 96 || s.front() == '.' || s.front() == '-')
        return false;
    if (s.find("--") != std::string::npos || s.find("..") != std::string::npos)
        return false;
    for (const char c : s) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                        c == '_' || c == '-';
        if (!ok)
            return false;
    }
    return true;
}

} // namespace

bool isValidRepoId(const std::string& repoId)
{
    const auto slash = repoId.find('/');
    if (slash == std::string::npos || repoId.find('/', slash + 1) != std::string::npos)
        return false;
    return isNamePart(repoId.substr(0, slash)) && isNamePart(repoId.substr(slash + 1));
}

bool isValidRevision(const std::string& revision)
{
    if (revision.empty() || revision.size() > 256 || revision.front() == '/' || revision.back() == '/')
        return false;
    for (const char c : revision)
        if (c <= ' ' || c == 0x7f || c == '\\' || c == '?' || c == '#' || c == '%')
            return false;
    return isSafeRepoPath(revision);
}

bool isCommitHash(const std::string& s)
{
    if (s.size() != 40)
        return false;
    for (const char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    return true;
}

bool isSafeRepoPath(const std::string& path)
{
    if (path.empty() || path.size() > 1024 || path.front() == '/')
        return false;
    std::size_t start = 0;
    while (start <= path.size()) {
        auto end = path.find('/', start);
        if (end == std::string::npos)
            end = path.size();
        const std::string seg = path.substr(start, end - start);
        if (seg.empty() || seg == "." || seg == "..")
            return false;
        start = end + 1;
    }
    for (const unsigned char c : path)
        if (c < 0x20 || c == 0x7f || c == '\\')
            return false;
    return true;
}

RepoRef parseRepoRef(const std::string& text)
{
    RepoRef ref;
    const auto at = text.find('@');
    ref.repoId = text.substr(0, at);
    ref.revision = at == std::string::npos ? "main" : text.substr(at + 1);
    if (!isValidRepoId(ref.repoId))
        fail(ErrorCode::InvalidArgument, "\"" + text + "\" is not a model repository name; write ORG/NAME or "
                                         "ORG/NAME@REVISION, e.g. ali-vilab/i2vgen-xl");
    if (!isValidRevision(ref.revision))
        fail(ErrorCode::InvalidArgument, "\"" + text + "\": \"" + ref.revision + "\" is not a valid revision "
                                         "(a branch, tag or commit)");
    return ref;
}

bool matchesPattern(const std::string& path, const std::string& pattern)
{
    return ::fnmatch(pattern.c_str(), path.c_str(), 0) == 0; // no FNM_PATHNAME: '*' crosses '/' like Python
}

} // namespace i2v::hub
