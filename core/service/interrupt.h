#pragma once
// Turns Ctrl-C (SIGINT) and SIGTERM into a callback on an ordinary thread, so a command-line run can
// cancel its job cleanly (cancel token → Cancelled → no partial file → exit code 6) instead of dying
// mid-write. Construct it BEFORE starting any other thread: it blocks the two signals for the process,
// and threads inherit the mask. Destroying it restores the previous mask of the constructing thread.

#include <functional>
#include <memory>
#include <thread>

#include <csignal>

namespace i2v {

class InterruptWatcher {
public:
    // `onInterrupt` runs on the watcher's thread once per signal received (keep it short and thread-safe).
    explicit InterruptWatcher(std::function<void(int signal)> onInterrupt);
    ~InterruptWatcher();
    InterruptWatcher(const InterruptWatcher&) = delete;
    InterruptWatcher& operator=(const InterruptWatcher&) = delete;

    int signalsReceived() const;

private:
    std::function<void(int)> m_onInterrupt;
    sigset_t m_previousMask{};
    std::thread m_thread;
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace i2v
