#include "core/base/paths.h"

#include "core/base/error.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <fstream>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace i2v {
namespace {

fs::path homeDir()
{
    const char* home = std::getenv("HOME");
    return home && *home ? fs::path(home) : fs::temp_directory_path();
}

fs::path xdgDir(const char* var, const char* fallback)
{
    const char* v = std::getenv(var);
    fs::path base = (v && *v) ? fs::path(v) : homeDir() / fallback;
    return base / "i2v-studio";
}

[[noreturn]] void failWrite(int err, const fs::path& path)
{
    const std::string what = path.string() + ": " + std::strerror(err);
    if (err == ENOSPC || err == EDQUOT)
        fail(ErrorCode::DiskFull, "disk full while writing " + what);
    if (err == ENAMETOOLONG)
        fail(ErrorCode::InvalidArgument, "cannot write " + what + " (a file name may be at most 255 bytes, a path "
                                                                  "4095); choose a shorter name");
    fail(ErrorCode::OutputUnwritable, "cannot write " + what);
}

} // namespace

fs::path userDataDir() { return xdgDir("XDG_DATA_HOME", ".local/share"); }
fs::path userConfigDir() { return xdgDir("XDG_CONFIG_HOME", ".config"); }

std::string readFileBytes(const fs::path& path, std::uintmax_t maxBytes)
{
    std::error_code ec;
    if (!fs::exists(path, ec))
        fail(ErrorCode::FileNotFound, path.string() + ": no such file");
    if (fs::is_directory(path, ec))
        fail(ErrorCode::FileUnreadable, path.string() + ": is a folder, not a file");
    const auto size = fs::file_size(path, ec);
    if (ec)
        fail(ErrorCode::FileUnreadable, path.string() + ": " + ec.message());
    if (size > maxBytes)
        fail(ErrorCode::InvalidArgument, path.string() + ": file is " + std::to_string(size) +
                                             " bytes, over the limit of " + std::to_string(maxBytes));
    std::ifstream in(path, std::ios::binary);
    if (!in)
        fail(ErrorCode::FileUnreadable, path.string() + ": cannot open (" + std::strerror(errno) + ")");
    std::string bytes(size, '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(size));
    if (static_cast<std::uintmax_t>(in.gcount()) != size)
        fail(ErrorCode::FileUnreadable, path.string() + ": read error");
    return bytes;
}

int sweepStaleTemps(const fs::path& dir)
{
    int removed = 0;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        // "." + NAME + ".tmp-" + PID + "-" + N
        const auto tmp = name.rfind(".tmp-");
        if (name.size() < 8 || name[0] != '.' || tmp == std::string::npos || tmp == 0)
            continue;
        const std::string rest = name.substr(tmp + 5);
        const auto dash = rest.find('-');
        if (dash == std::string::npos || dash == 0 || dash + 1 >= rest.size() ||
            rest.find_first_not_of("0123456789-") != std::string::npos || rest.find('-', dash + 1) != std::string::npos)
            continue;
        const long pid = std::strtol(rest.substr(0, dash).c_str(), nullptr, 10);
        if (pid <= 0 || pid == ::getpid() || ::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH)
            continue; // ours, alive, or not ours to judge (EPERM: a live process of another user)
        std::error_code rm;
        if (fs::remove_all(it->path(), rm) > 0 && !rm)
            ++removed;
    }
    return removed;
}

fs::path tempPathFor(const fs::path& target)
{
    static std::atomic<int> counter{0};
    const std::string suffix = ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
    // A legal final name may be up to 255 bytes (NAME_MAX), so its temp name keeps only as much of it as
    // fits with the dot and the suffix, cut on a UTF-8 character boundary (sweepStaleTemps only needs the
    // leading dot and the suffix). Uniqueness comes from the pid and the counter.
    std::string stem = target.filename().string();
    constexpr std::size_t kNameMax = 255;
    if (1 + stem.size() + suffix.size() > kNameMax) {
        std::size_t keep = kNameMax - 1 - suffix.size();
        while (keep > 0 && (static_cast<unsigned char>(stem[keep]) & 0xC0) == 0x80)
            --keep; // stem[keep] would start the cut-off part: never split a multi-byte character
        stem.resize(keep);
    }
    return target.parent_path() / ("." + stem + suffix);
}

void renameNoReplace(const fs::path& from, const fs::path& target)
{
#ifdef SYS_renameat2
    if (::syscall(SYS_renameat2, AT_FDCWD, from.c_str(), AT_FDCWD, target.c_str(), 1 /*RENAME_NOREPLACE*/) == 0)
        return;
    if (errno == EEXIST) {
        ::unlink(from.c_str());
        fail(ErrorCode::OutputExists, target.string() + ": already exists; not overwriting it");
    }
    if (errno != EINVAL && errno != ENOSYS) {
        const int err = errno;
        ::unlink(from.c_str());
        failWrite(err, target);
    }
#endif
    // Filesystems without renameat2: link() fails with EEXIST instead of replacing.
    if (::link(from.c_str(), target.c_str()) != 0) {
        const int err = errno;
        ::unlink(from.c_str());
        if (err == EEXIST)
            fail(ErrorCode::OutputExists, target.string() + ": already exists; not overwriting it");
        failWrite(err, target);
    }
    ::unlink(from.c_str());
}

void writeFileAtomic(const fs::path& path, std::string_view bytes, bool overwrite)
{
    const fs::path dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    std::error_code ec;
    if (!overwrite && fs::exists(path, ec))
        fail(ErrorCode::OutputExists, path.string() + ": already exists; not overwriting it");
    if (!fs::is_directory(dir, ec))
        fail(ErrorCode::OutputUnwritable, dir.string() + ": folder does not exist");
    const fs::path tmp = tempPathFor(path);
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
        failWrite(errno, path);
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            const int err = errno;
            ::close(fd);
            ::unlink(tmp.c_str());
            failWrite(err, path);
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        failWrite(err, path);
    }
    if (overwrite) {
        if (std::rename(tmp.c_str(), path.c_str()) != 0) {
            const int err = errno;
            ::unlink(tmp.c_str());
            failWrite(err, path);
        }
        return;
    }
    renameNoReplace(tmp, path);
}

std::string formatNow(const char* format, bool utc)
{
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    if (utc)
        gmtime_r(&t, &tm);
    else
        localtime_r(&t, &tm);
    char buf[64];
    return std::string(buf, std::strftime(buf, sizeof buf, format, &tm));
}

fs::path corruptBackupPath(const fs::path& file)
{
    return uniquePath(file.parent_path() / (file.filename().string() + ".corrupt-" + formatNow("%Y%m%d-%H%M%S")));
}

fs::path uniquePath(const fs::path& wanted, const std::function<bool(const fs::path&)>& taken)
{
    const auto isTaken = [&](const fs::path& p) {
        if (taken)
            return taken(p);
        std::error_code ec;
        return fs::exists(fs::symlink_status(p, ec));
    };
    if (!isTaken(wanted))
        return wanted;
    const fs::path dir = wanted.parent_path();
    const std::string stem = wanted.stem().string();
    const std::string ext = wanted.extension().string();
    for (int i = 2; i <= 100000; ++i) {
        fs::path candidate = dir / (stem + " (" + std::to_string(i) + ")" + ext);
        if (!isTaken(candidate))
            return candidate;
    }
    fail(ErrorCode::OutputExists, wanted.string() + ": no free name left");
}

void ensureWritableDir(const fs::path& dir, bool createIfMissing)
{
    std::error_code ec;
    const fs::path d = dir.empty() ? fs::path(".") : dir;
    if (!fs::exists(d, ec)) {
        if (!createIfMissing)
            fail(ErrorCode::OutputUnwritable, d.string() + ": folder does not exist");
        fs::create_directories(d, ec);
        if (ec)
            fail(ErrorCode::OutputUnwritable, d.string() + ": cannot create folder (" + ec.message() + ")");
    }
    if (!fs::is_directory(d, ec))
        fail(ErrorCode::OutputUnwritable, d.string() + ": not a folder");
    if (::access(d.c_str(), W_OK | X_OK) != 0)
        fail(ErrorCode::OutputUnwritable, d.string() + ": folder is not writable (" + std::strerror(errno) + ")");
}

} // namespace i2v
