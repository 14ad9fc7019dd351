#include "core/engine/models/camera_motion/motion_prompt.h"

#include <cstring>
#include <string_view>
#include <vector>

namespace i2v::camera {

namespace {

using M = CameraMove;

struct Rule {
    M move;
    int tier;           // 1 = camera language, 2 = scene cue
    const char* phrase; // English: words separated by ' ', alternatives by '|'; else a UTF-8 substring
};

// Shared alternatives.
#define ZOOM "zoom|zooms|zooming|zoomed"
#define PAN "pan|pans|panning|panned"
#define TILT "tilt|tilts|tilting|tilted"
#define ORBIT "orbit|orbits|orbiting|orbital|circle|circles|circling|arc|arcs|arcing"
#define ROTATE "rotate|rotates|rotating|rotation|spin|spins|spinning|turn|turns|turning"
#define DOLLY "dolly|dollies|dollying|track|tracks|tracking"
#define MOVE "move|moves|moving|slide|slides|sliding|truck|trucks|trucking"
#define LEFT "left|leftward|leftwards"
#define RIGHT "right|rightward|rightwards"
#define UP "up|upward|upwards"
#define DOWN "down|downward|downwards"
#define CCW "counterclockwise|anticlockwise|ccw"

const Rule kRules[] = {
    // Tier 1, English.
    {M::ZoomIn, 1, ZOOM " in|into|inward|inwards|closer"},
    {M::ZoomIn, 1, ZOOM},
    {M::ZoomIn, 1, "push|pushes|pushing|pushed in|into"},
    {M::ZoomOut, 1, ZOOM " out|outward|outwards|away|back"},
    {M::ZoomOut, 1, "pull|pulls|pulling|pulled out"},
    {M::PanLeft, 1, PAN "|" MOVE " " LEFT},
    {M::PanRight, 1, PAN "|" MOVE " " RIGHT},
    {M::PanRight, 1, PAN},
    {M::PanUp, 1, PAN "|crane|cranes|craning|boom|booms|pedestal " UP},
    {M::PanDown, 1, PAN "|crane|cranes|craning|boom|booms|pedestal " DOWN},
    {M::TiltUp, 1, TILT " " UP},
    {M::TiltUp, 1, TILT},
    {M::TiltDown, 1, TILT " " DOWN},
    {M::OrbitLeft, 1, ORBIT " " LEFT "|" CCW},
    {M::OrbitLeft, 1, ORBIT " counter|anti clockwise"},
    {M::OrbitRight, 1, ORBIT " " RIGHT "|clockwise|cw"},
    {M::OrbitRight, 1, "orbit|orbits|orbiting|orbital"},
    {M::OrbitRight, 1, "circle|circles|circling around"},
    {M::OrbitRight, 1, "arc shot"},
    {M::RotateCw, 1, ROTATE " clockwise|cw"},
    {M::RotateCw, 1, "rotate|rotates|rotating|rotation|spin|spins|spinning"},
    {M::RotateCw, 1, "clockwise"},
    {M::RotateCcw, 1, ROTATE " " CCW},
    {M::RotateCcw, 1, ROTATE " counter|anti clockwise"},
    {M::RotateCcw, 1, CCW},
    {M::RotateCcw, 1, "counter|anti clockwise"},
    {M::DollyIn, 1, DOLLY " in|into|forward|forwards|toward|towards|closer"},
    {M::DollyIn, 1, "dolly|dollies|dollying"},
    {M::DollyIn, 1, "push|pushes|pushing forward|forwards"},
    {M::DollyOut, 1, DOLLY " out|back|backward|backwards|away"},
    {M::DollyOut, 1, "pull|pulls|pulling|pulled back|away|backward|backwards"},
    {M::Handheld, 1, "handheld"},
    {M::Handheld, 1, "hand held"},
    {M::Handheld, 1, "camera shake"},
    {M::Handheld, 1, "shaky|wobbly|wobbling|drift|drifts|drifting"},
    {M::Static, 1, "static|still|locked|fixed|stationary camera|shot|frame"},
    {M::Static, 1, "static|tripod"},
    {M::Static, 1, "locked off"},
    {M::Static, 1, "no camera motion|movement|move"},
    // Tier 1, Chinese.
    {M::ZoomIn, 1, "推近"},     {M::ZoomIn, 1, "拉近"},     {M::ZoomIn, 1, "放大"},
    {M::ZoomIn, 1, "推镜"},     {M::ZoomIn, 1, "推进"},     {M::ZoomIn, 1, "镜头靠近"},
    {M::ZoomOut, 1, "拉远"},    {M::ZoomOut, 1, "缩小"},    {M::ZoomOut, 1, "拉镜"},
    {M::ZoomOut, 1, "后拉"},    {M::ZoomOut, 1, "拉开"},
    {M::PanLeft, 1, "向左平移"}, {M::PanLeft, 1, "左移"},    {M::PanLeft, 1, "向左摇"},
    {M::PanLeft, 1, "左摇"},    {M::PanLeft, 1, "向左移动"}, {M::PanLeft, 1, "向左横移"},
    {M::PanRight, 1, "向右平移"}, {M::PanRight, 1, "右移"},  {M::PanRight, 1, "向右摇"},
    {M::PanRight, 1, "右摇"},   {M::PanRight, 1, "向右移动"}, {M::PanRight, 1, "向右横移"},
    {M::PanRight, 1, "平移"},   {M::PanUp, 1, "向上平移"},   {M::PanUp, 1, "上移"},
    {M::PanUp, 1, "向上移动"},   {M::PanUp, 1, "升镜"},      {M::PanUp, 1, "镜头上升"},
    {M::PanDown, 1, "向下平移"}, {M::PanDown, 1, "下移"},    {M::PanDown, 1, "向下移动"},
    {M::PanDown, 1, "降镜"},    {M::PanDown, 1, "镜头下降"},
    {M::TiltUp, 1, "上摇"},     {M::TiltUp, 1, "向上摇"},    {M::TiltUp, 1, "镜头上仰"},
    {M::TiltUp, 1, "仰拍"},     {M::TiltUp, 1, "向上倾斜"},  {M::TiltDown, 1, "下摇"},
    {M::TiltDown, 1, "向下摇"},  {M::TiltDown, 1, "镜头下俯"}, {M::TiltDown, 1, "俯拍"},
    {M::TiltDown, 1, "向下倾斜"},
    {M::OrbitLeft, 1, "向左环绕"}, {M::OrbitLeft, 1, "逆时针环绕"}, {M::OrbitLeft, 1, "左环绕"},
    {M::OrbitRight, 1, "向右环绕"}, {M::OrbitRight, 1, "顺时针环绕"}, {M::OrbitRight, 1, "环绕"},
    {M::OrbitRight, 1, "环拍"},   {M::OrbitRight, 1, "绕拍"},
    {M::RotateCw, 1, "顺时针旋转"}, {M::RotateCw, 1, "旋转"},  {M::RotateCw, 1, "顺时针"},
    {M::RotateCcw, 1, "逆时针旋转"}, {M::RotateCcw, 1, "逆时针"},
    {M::DollyIn, 1, "推轨"},    {M::DollyIn, 1, "前推"},    {M::DollyIn, 1, "移近"},
    {M::DollyIn, 1, "向前移动"},
    {M::DollyOut, 1, "后退"},   {M::DollyOut, 1, "向后移动"}, {M::DollyOut, 1, "后移"},
    {M::Handheld, 1, "手持"},   {M::Handheld, 1, "晃动"},    {M::Handheld, 1, "抖动"},
    {M::Handheld, 1, "左右摇"},  {M::Handheld, 1, "漂移"},
    {M::Static, 1, "静止镜头"},  {M::Static, 1, "固定镜头"},  {M::Static, 1, "定镜"},
    {M::Static, 1, "镜头不动"},  {M::Static, 1, "静态镜头"},
    // Tier 2: scene cues.
    {M::DollyIn, 2, "walk|walks|walking|run|runs|running|fly|flies|flying|drive|drives|driving|head|heads|heading|"
                    "move|moves|moving|go|goes|going forward|forwards|toward|towards|into|through"},
    {M::DollyIn, 2, "approach|approaches|approaching"},
    {M::Handheld, 2, "wave|waves|waving|wind|windy|breeze|breezy|blowing|ripple|ripples|rippling|sway|sways|"
                     "swaying|flutter|flutters|fluttering|rustle|rustles|rustling"},
    {M::DollyIn, 2, "走向"},   {M::DollyIn, 2, "向前走"},  {M::DollyIn, 2, "走进"},
    {M::DollyIn, 2, "前进"},   {M::DollyIn, 2, "奔向"},    {M::DollyIn, 2, "飞向"},
    {M::DollyIn, 2, "驶向"},
    {M::Handheld, 2, "微风"},  {M::Handheld, 2, "风吹"},   {M::Handheld, 2, "清风"},
    {M::Handheld, 2, "海浪"},  {M::Handheld, 2, "波浪"},   {M::Handheld, 2, "浪花"},
    {M::Handheld, 2, "水波"},  {M::Handheld, 2, "涟漪"},   {M::Handheld, 2, "摇曳"},
    {M::Handheld, 2, "飘动"},  {M::Handheld, 2, "随风"},   {M::Handheld, 2, "摇摆"},
};

#undef ZOOM
#undef PAN
#undef TILT
#undef ORBIT
#undef ROTATE
#undef DOLLY
#undef MOVE
#undef LEFT
#undef RIGHT
#undef UP
#undef DOWN
#undef CCW

// Words that may sit between the words of an English phrase ("pans slowly to the left").
const char* const kFillers[] = {"to",     "the",    "slowly", "gently", "slightly", "smoothly", "quickly", "a",
                                "bit",    "little", "very",   "steadily", "softly", "further", "camera", "and",
                                "then",   "of",     "it",     "its"};
constexpr int kMaxFillers = 3;

struct Word {
    std::string_view text;
    std::size_t begin = 0; // byte offsets in the prompt
    std::size_t end = 0;
};

bool isWordByte(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

std::vector<Word> splitWords(const std::string& lower)
{
    std::vector<Word> words;
    std::size_t i = 0;
    while (i < lower.size()) {
        while (i < lower.size() && !isWordByte(static_cast<unsigned char>(lower[i])))
            ++i;
        const std::size_t start = i;
        while (i < lower.size() && isWordByte(static_cast<unsigned char>(lower[i])))
            ++i;
        if (i > start)
            words.push_back({std::string_view(lower).substr(start, i - start), start, i});
    }
    return words;
}

bool matchesAlternative(std::string_view token, std::string_view word)
{
    std::size_t pos = 0;
    while (pos <= token.size()) {
        const std::size_t bar = token.find('|', pos);
        const std::string_view alt = token.substr(pos, bar == std::string_view::npos ? token.size() - pos : bar - pos);
        if (alt == word)
            return true;
        if (bar == std::string_view::npos)
            break;
        pos = bar + 1;
    }
    return false;
}

bool isFiller(std::string_view word)
{
    for (const char* f : kFillers)
        if (word == f)
            return true;
    return false;
}

struct Match {
    std::size_t begin = std::string::npos;
    std::size_t length = 0;
};

// Earliest whole-word match of an English phrase.
Match matchEnglish(std::string_view phrase, const std::vector<Word>& words)
{
    std::vector<std::string_view> tokens;
    for (std::size_t pos = 0; pos <= phrase.size();) {
        const std::size_t sp = phrase.find(' ', pos);
        tokens.push_back(phrase.substr(pos, sp == std::string_view::npos ? phrase.size() - pos : sp - pos));
        if (sp == std::string_view::npos)
            break;
        pos = sp + 1;
    }
    for (std::size_t start = 0; start < words.size(); ++start) {
        if (!matchesAlternative(tokens[0], words[start].text))
            continue;
        std::size_t w = start;
        bool ok = true;
        for (std::size_t t = 1; t < tokens.size() && ok; ++t) {
            std::size_t next = w + 1;
            int skipped = 0;
            while (next < words.size() && !matchesAlternative(tokens[t], words[next].text) &&
                   isFiller(words[next].text) && skipped < kMaxFillers) {
                ++next;
                ++skipped;
            }
            ok = next < words.size() && matchesAlternative(tokens[t], words[next].text);
            w = next;
        }
        if (ok)
            return {words[start].begin, words[w].end - words[start].begin};
    }
    return {};
}

} // namespace

std::optional<PromptMotion> motionFromPrompt(const std::string& prompt)
{
    std::string lower = prompt;
    for (char& ch : lower)
        if (ch >= 'A' && ch <= 'Z')
            ch = static_cast<char>(ch - 'A' + 'a');
    const std::vector<Word> words = splitWords(lower);

    for (int tier = 1; tier <= 2; ++tier) {
        const Rule* best = nullptr;
        Match bestMatch;
        for (const Rule& rule : kRules) {
            if (rule.tier != tier)
                continue;
            Match m;
            if (static_cast<unsigned char>(rule.phrase[0]) >= 0x80) {
                m.begin = lower.find(rule.phrase);
                m.length = std::strlen(rule.phrase);
            } else {
                m = matchEnglish(rule.phrase, words);
            }
            if (m.begin == std::string::npos)
                continue;
            if (!best || m.begin < bestMatch.begin || (m.begin == bestMatch.begin && m.length > bestMatch.length)) {
                best = &rule;
                bestMatch = m;
            }
        }
        if (best)
            return PromptMotion{best->move, prompt.substr(bestMatch.begin, bestMatch.length)};
    }
    return std::nullopt;
}

} // namespace i2v::camera
