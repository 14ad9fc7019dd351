// `i2v`: a small launcher in front of the command line (`i2v-cli`, beside it). The command line needs
// LibTorch, OpenCV, FFmpeg and Qt-free engine libraries: the dynamic loader spends ~0.15 s mapping and
// relocating about 230 shared libraries before any of its code runs, and a Ctrl-C in that window used to
// kill the process by the signal (exit 130) instead of cancelling (exit 6). This program loads only libc:
// it blocks the cancel signals, which stay pending across exec, and execs the real program, whose
// .preinit_array code (main.cpp) installs the handler and unblocks them, so an early signal is delivered to
// the handler and the command cancels cleanly. Only libc here, by design.
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <climits>
#include <unistd.h>

int main(int argc, char** argv)
{
    (void)argc;
    static const int kSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
    sigset_t previous;
    sigset_t block;
    sigemptyset(&block);
    for (const int sig : kSignals)
        sigaddset(&block, sig);
    sigprocmask(SIG_BLOCK, &block, &previous);
    // Which signals this launcher blocked (not those the caller had blocked already): the real program
    // unblocks exactly these.
    char blocked[64] = "";
    for (const int sig : kSignals)
        if (!sigismember(&previous, sig)) {
            char item[8];
            std::snprintf(item, sizeof item, "%s%d", blocked[0] ? "," : "", sig);
            std::strncat(blocked, item, sizeof blocked - std::strlen(blocked) - 1);
        }
    setenv("I2V_LAUNCHER_BLOCKED", blocked, 1);

    char path[PATH_MAX];
    const ssize_t n = readlink("/proc/self/exe", path, sizeof path - 16);
    if (n > 0) {
        path[n] = '\0';
        char* slash = std::strrchr(path, '/');
        if (slash) {
            std::strcpy(slash + 1, "i2v-cli");
            execv(path, argv);
        }
    }
    const int err = errno;
    sigprocmask(SIG_SETMASK, &previous, nullptr);
    std::fprintf(stderr, "i2v: error: cannot start the command line (%s): %s. Reinstall I2V Studio.\n",
                 n > 0 ? path : "i2v-cli", std::strerror(err));
    return 127;
}
