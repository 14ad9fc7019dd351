// Reading videos back: stream facts, container metadata and RGB8 frames, through libavformat/libavcodec/
// libswscale. A PNG frame folder written by encodeVideo reads back too (frames, size, recipe.json).

#include "core/media/video_io.h"

#include "core/base/error.h"
#include "core/base/paths.h"
#include "core/media/av_util.h"
#include "core/media/image_io.h"

#include <algorithm>
#include <cctype>
#include <regex>

namespace i2v {
namespace {

using namespace media;

struct OpenedVideo {
    InputPtr input;
    int streamIndex = -1;
};

OpenedVideo openVideo(const fs::path& path)
{
    installAvLogSink();
    std::error_code ec;
    if (!fs::exists(path, ec))
        fail(ErrorCode::FileNotFound, path.string() + ": no such file");
    AVFormatContext* raw = nullptr;
    const std::string url = "file:" + path.string();
    int err = avformat_open_input(&raw, url.c_str(), nullptr, nullptr);
    if (err < 0)
        fail(err == AVERROR(EACCES) ? ErrorCode::FileUnreadable : ErrorCode::UnsupportedFormat,
             path.string() + ": not a readable video (" + avErrorText(err) + ")");
    OpenedVideo v;
    v.input.reset(raw);
    if ((err = avformat_find_stream_info(raw, nullptr)) < 0)
        fail(ErrorCode::UnsupportedFormat, path.string() + ": cannot read the stream information (" +
                                               avErrorText(err) + ")");
    v.streamIndex = av_find_best_stream(raw, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (v.streamIndex < 0)
        fail(ErrorCode::UnsupportedFormat, path.string() + ": contains no video stream");
    return v;
}

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

void copyMetadata(const AVDictionary* dict, std::map<std::string, std::string>& out)
{
    const AVDictionaryEntry* e = nullptr;
    while ((e = av_dict_get(dict, "", e, AV_DICT_IGNORE_SUFFIX)))
        out.emplace(lower(e->key), e->value); // Matroska upper-cases tag names; keys are compared lower-case
}

std::vector<fs::path> frameFiles(const fs::path& dir)
{
    static const std::regex pattern("frame_[0-9]{4,}\\.png");
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.is_regular_file() && std::regex_match(entry.path().filename().string(), pattern))
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    if (files.empty())
        fail(ErrorCode::UnsupportedFormat, dir.string() + ": folder holds no frame_0001.png ... frames");
    return files;
}

VideoInfo probeFrameFolder(const fs::path& dir)
{
    const auto files = frameFiles(dir);
    const Image first = loadImage(files.front());
    VideoInfo info;
    info.width = first.width;
    info.height = first.height;
    info.frameCount = static_cast<int>(files.size());
    info.codec = "png";
    info.pixelFormat = "rgb24";
    std::error_code ec;
    if (fs::exists(dir / "recipe.json", ec))
        info.metadata["i2v_recipe"] = readFileBytes(dir / "recipe.json");
    return info;
}

// Decodes every frame of the best video stream, calling onFrame(const AVFrame*) for each.
template <typename F>
void forEachFrame(OpenedVideo& v, const fs::path& path, F&& onFrame)
{
    const AVStream* stream = v.input->streams[v.streamIndex];
    const AVCodec* codec = avcodec_find_decoder(stream->codecpar->codec_id);
    if (!codec)
        fail(ErrorCode::UnsupportedFormat, path.string() + ": no decoder for codec " +
                                               avcodec_get_name(stream->codecpar->codec_id));
    CodecContextPtr dec(avcodec_alloc_context3(codec));
    int err = avcodec_parameters_to_context(dec.get(), stream->codecpar);
    if (err >= 0)
        err = avcodec_open2(dec.get(), codec, nullptr);
    if (err < 0)
        fail(ErrorCode::UnsupportedFormat, path.string() + ": cannot open the decoder (" + avErrorText(err) + ")");
    PacketPtr packet(av_packet_alloc());
    FramePtr frame(av_frame_alloc());
    auto drain = [&] {
        while ((err = avcodec_receive_frame(dec.get(), frame.get())) >= 0) {
            onFrame(frame.get());
            av_frame_unref(frame.get());
        }
        if (err != AVERROR(EAGAIN) && err != AVERROR_EOF)
            fail(ErrorCode::ImageCorrupt, path.string() + ": the video data is damaged (" + avErrorText(err) + ")");
    };
    while ((err = av_read_frame(v.input.get(), packet.get())) >= 0) {
        if (packet->stream_index == v.streamIndex) {
            err = avcodec_send_packet(dec.get(), packet.get());
            av_packet_unref(packet.get());
            if (err < 0 && err != AVERROR(EAGAIN))
                fail(ErrorCode::ImageCorrupt, path.string() + ": the video data is damaged (" + avErrorText(err) + ")");
            drain();
        } else {
            av_packet_unref(packet.get());
        }
    }
    avcodec_send_packet(dec.get(), nullptr);
    drain();
}

const int* inverseCoefficients(const AVFrame* f)
{
    switch (f->colorspace) {
    case AVCOL_SPC_BT709: return sws_getCoefficients(SWS_CS_ITU709);
    case AVCOL_SPC_BT2020_NCL:
    case AVCOL_SPC_BT2020_CL: return sws_getCoefficients(SWS_CS_BT2020);
    default: return sws_getCoefficients(SWS_CS_DEFAULT);
    }
}

} // namespace

VideoInfo probeVideo(const std::filesystem::path& path)
{
    std::error_code ec;
    if (fs::is_directory(path, ec))
        return probeFrameFolder(path);
    OpenedVideo v = openVideo(path);
    const AVStream* stream = v.input->streams[v.streamIndex];
    VideoInfo info;
    info.width = stream->codecpar->width;
    info.height = stream->codecpar->height;
    info.codec = avcodec_get_name(stream->codecpar->codec_id);
    const char* pix = av_get_pix_fmt_name(static_cast<AVPixelFormat>(stream->codecpar->format));
    info.pixelFormat = pix ? pix : "";
    AVRational rate = stream->avg_frame_rate.num > 0 ? stream->avg_frame_rate : stream->r_frame_rate;
    info.fps = rate.den > 0 ? av_q2d(rate) : 0.0;
    copyMetadata(v.input->metadata, info.metadata);
    copyMetadata(stream->metadata, info.metadata);
    if (stream->nb_frames > 0) {
        info.frameCount = static_cast<int>(stream->nb_frames);
    } else {
        // Matroska and GIF do not store a count: count the packets (one frame each for these codecs).
        PacketPtr packet(av_packet_alloc());
        int count = 0;
        while (av_read_frame(v.input.get(), packet.get()) >= 0) {
            count += packet->stream_index == v.streamIndex;
            av_packet_unref(packet.get());
        }
        info.frameCount = count;
    }
    return info;
}

std::vector<Image> decodeVideo(const std::filesystem::path& path)
{
    std::error_code ec;
    std::vector<Image> frames;
    if (fs::is_directory(path, ec)) {
        for (const auto& file : frameFiles(path))
            frames.push_back(loadImage(file));
        return frames;
    }
    OpenedVideo v = openVideo(path);
    SwsPtr sws;
    forEachFrame(v, path, [&](const AVFrame* f) {
        const auto fmt = static_cast<AVPixelFormat>(f->format);
        sws.reset(sws_getCachedContext(sws.release(), f->width, f->height, fmt, f->width, f->height,
                                       AV_PIX_FMT_RGB24, SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT,
                                       nullptr, nullptr, nullptr));
        if (!sws)
            fail(ErrorCode::UnsupportedFormat, path.string() + ": cannot convert pixel format " +
                                                   (av_get_pix_fmt_name(fmt) ? av_get_pix_fmt_name(fmt) : "?"));
        const int fullRange = f->color_range == AVCOL_RANGE_JPEG ? 1 : 0;
        sws_setColorspaceDetails(sws.get(), inverseCoefficients(f), fullRange, sws_getCoefficients(SWS_CS_DEFAULT),
                                 1, 0, 1 << 16, 1 << 16);
        Image img(f->width, f->height);
        std::uint8_t* dst[1] = {img.rgb.data()};
        const int dstStride[1] = {3 * f->width};
        sws_scale(sws.get(), f->data, f->linesize, 0, f->height, dst, dstStride);
        frames.push_back(std::move(img));
    });
    return frames;
}

} // namespace i2v
