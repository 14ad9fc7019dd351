#include "core/service/interrupt.h"

#include "core/base/error.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <iterator>
#include <fcntl.h>
#include <unistd.h>

namespace i2v {
namespace {

// The write end of the active watcher's pipe; -1 when none. Read by the signal handler.
std::atomic<int> g_writeFd{-1};
// Early capture (captureInterruptsEarly): while true and no watcher exists, a signal is remembered in
// g_pendingSignal instead of killing the process; the next watcher delivers it.
std::atomic<bool> g_early{false};
std::atomic<int> g_pendingSignal{0};
static_assert(std::atomic<int>::is_always_lock_free && std::atomic<bool>::is_always_lock_free,
              "used from a signal handler");

constexpr int kCancelSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

extern "C" void onSignal(int sig)
{
    const int saved = errno;
    const int fd = g_writeFd.load();
    if (fd >= 0) {
        const unsigned char byte = static_cast<unsigned char>(sig);
        [[maybe_unused]] const ssize_t n = ::write(fd, &byte, 1); // async-signal-safe
    } else if (g_early.load()) {
        g_pendingSignal.store(sig);
    } else {
        // No watcher and no early capture: what the signal would have done without this handler.
        ::signal(sig, SIG_DFL);
        ::raise(sig);
    }
    errno = saved;
}

constexpr unsigned char kStopByte = 0; // no signal has number 0

} // namespace

struct InterruptWatcher::State {
    int readFd = -1;
    int writeFd = -1;
    std::atomic<int> received{0};
    // SIGINT (Ctrl-C), SIGTERM, SIGHUP (the terminal closed), SIGQUIT (Ctrl-\\): all cancel cleanly.
    static constexpr const int* kSignals = kCancelSignals;
    struct sigaction previous[std::size(kCancelSignals)] {};
};

InterruptWatcher::InterruptWatcher(std::function<void(int)> onInterrupt)
    : m_state(std::make_unique<State>()), m_onInterrupt(std::move(onInterrupt))
{
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        fail(ErrorCode::Internal, "cannot create the signal pipe");
    m_state->readFd = fds[0];
    m_state->writeFd = fds[1];
    int expected = -1;
    if (!g_writeFd.compare_exchange_strong(expected, m_state->writeFd)) {
        ::close(fds[0]);
        ::close(fds[1]);
        fail(ErrorCode::Internal, "only one InterruptWatcher may exist at a time");
    }
    m_thread = std::thread([this] {
        for (;;) {
            unsigned char byte = 0;
            const ssize_t n = ::read(m_state->readFd, &byte, 1);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0 || byte == kStopByte)
                return;
            m_state->received.fetch_add(1);
            if (m_onInterrupt)
                m_onInterrupt(byte);
        }
    });
    struct sigaction action {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (std::size_t i = 0; i < std::size(kCancelSignals); ++i)
        ::sigaction(State::kSignals[i], &action, &m_state->previous[i]);
    // A signal that arrived before this watcher existed (early capture) is delivered now; from here on
    // signals go to the pipe, and after this watcher they behave as without early capture.
    g_early.store(false);
    if (const int pending = g_pendingSignal.exchange(0)) {
        const unsigned char byte = static_cast<unsigned char>(pending);
        [[maybe_unused]] const ssize_t n = ::write(m_state->writeFd, &byte, 1);
    }
}

InterruptWatcher::~InterruptWatcher()
{
    for (std::size_t i = 0; i < std::size(kCancelSignals); ++i)
        ::sigaction(State::kSignals[i], &m_state->previous[i], nullptr);
    g_writeFd.store(-1);
    const unsigned char stop = kStopByte;
    while (::write(m_state->writeFd, &stop, 1) < 0 && errno == EINTR) {
    }
    m_thread.join();
    ::close(m_state->readFd);
    ::close(m_state->writeFd);
}

int InterruptWatcher::signalsReceived() const { return m_state->received.load(); }

void captureInterruptsEarly()
{
    g_early.store(true);
    struct sigaction action {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (const int sig : kCancelSignals) {
        struct sigaction old {};
        ::sigaction(sig, nullptr, &old);
        if (old.sa_handler == SIG_IGN) // e.g. nohup's SIGHUP: stays ignored
            continue;
        ::sigaction(sig, &action, nullptr);
    }
}

int endEarlyInterruptCapture()
{
    g_early.store(false);
    return g_pendingSignal.exchange(0);
}

} // namespace i2v
