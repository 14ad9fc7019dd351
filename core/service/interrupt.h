#pragma once
// Turns Ctrl-C (SIGINT), SIGTERM, SIGHUP (terminal closed) and SIGQUIT into a callback on an ordinary thread, so a command-line run can
// cancel its job cleanly (cancel token → Cancelled → no partial file → exit code 6) instead of dying
// mid-write. A real signal handler is installed (libraries such as OpenBLAS start threads before main, so
// blocking the signals would not reach every thread); it only writes the signal number to a pipe, and a
// watcher thread reads it and calls the callback. One watcher at a time; the destructor restores the
// previous handlers.

#include <functional>
#include <memory>
#include <thread>

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
    struct State;
    std::unique_ptr<State> m_state;
    std::function<void(int)> m_onInterrupt;
    std::thread m_thread;
};

// Early capture, for a program's very start (call it from the executable's .preinit_array, before the
// shared libraries' static initialisers run: LibTorch's take ~0.1 s): until a watcher exists or
// endEarlyInterruptCapture() is called, the signals above are remembered instead of killing the process,
// and the first InterruptWatcher delivers a remembered one to its callback at once. Signals that were
// ignored (nohup) stay ignored.
void captureInterruptsEarly();
// Ends early capture (for commands that never make a watcher): later signals act as if no handler was
// installed. Returns the signal that arrived meanwhile (0 when none) and forgets it.
int endEarlyInterruptCapture();

} // namespace i2v
