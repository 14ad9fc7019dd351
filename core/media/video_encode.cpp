// Video encoding: MP4 (H.264) and WebM (VP9) through libavformat/libavcodec/libswscale, GIF through
// FFmpeg's GIF encoder fed with our own per-clip palette, and PNG frame folders. Every output is built
// under a temp name in the target folder and renamed into place without replacing anything; on failure or
// cancellation the temp file is removed.

#include "core/media/video_io.h"

#include "core/base/error.h"
#include "core/base/paths.h"
#include "core/media/av_util.h"
#include "core/media/gif_palette.h"
#include "core/media/image_io.h"

extern "C" {
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
}

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>

namespace i2v {
namespace {

using namespace media;

const char* formatLabel(OutputFormat f)
{
    switch (f) {
    case OutputFormat::Mp4: return "MP4";
    case OutputFormat::WebM: return "WebM";
    case OutputFormat::Gif: return "GIF";
    case OutputFormat::PngFrames: return "PNG frames";
    }
    return "video";
}

// Turns an FFmpeg error while writing `target` into the ErrorCode a user can act on.
[[noreturn]] void failAv(int err, const fs::path& target, const std::string& what)
{
    const std::string detail = target.string() + ": " + what + " (" + avErrorText(err) + ")";
    if (err == AVERROR(ENOSPC) || err == AVERROR(EDQUOT) || err == AVERROR(EFBIG))
        fail(ErrorCode::DiskFull, "not enough disk space to write " + detail);
    if (err == AVERROR(EACCES) || err == AVERROR(EPERM) || err == AVERROR(EROFS) || err == AVERROR(ENOENT))
        fail(ErrorCode::OutputUnwritable, "cannot write " + detail);
    fail(ErrorCode::EncoderFailed, detail);
}

// Removes the temp file (or folder) unless the output was committed.
class TempGuard {
public:
    explicit TempGuard(fs::path path) : m_path(std::move(path)) {}
    ~TempGuard()
    {
        if (!m_committed) {
            std::error_code ec;
            fs::remove_all(m_path, ec);
        }
    }
    TempGuard(const TempGuard&) = delete;
    TempGuard& operator=(const TempGuard&) = delete;
    void commit() { m_committed = true; }

private:
    fs::path m_path;
    bool m_committed = false;
};

// An output context whose I/O is closed (file) or released (memory) on destruction.
struct Output {
    AVFormatContext* ctx = nullptr;
    bool memory = false;
    bool headerWritten = false;
    bool trailerWritten = false;
    ~Output()
    {
        if (!ctx)
            return;
        // FFmpeg 5.1's GIF muxer frees its held-back packet only in write_trailer: finish it even when the
        // clip was abandoned (in memory, so nothing reaches the disk).
        if (memory && headerWritten && !trailerWritten)
            av_write_trailer(ctx);
        if (memory && ctx->pb) {
            std::uint8_t* buf = nullptr;
            avio_close_dyn_buf(ctx->pb, &buf);
            av_free(buf);
        } else if (ctx->pb) {
            avio_closep(&ctx->pb);
        }
        avformat_free_context(ctx);
    }
};

void validate(const std::vector<Image>& frames, const fs::path& path, const EncodeOptions& options)
{
    if (frames.empty())
        fail(ErrorCode::InvalidArgument, path.string() + ": no frames to encode");
    if (options.fps < 1 || options.fps > 240)
        fail(ErrorCode::InvalidArgument, path.string() + ": fps must be between 1 and 240, got " +
                                             std::to_string(options.fps));
    const int w = frames.front().width, h = frames.front().height;
    for (std::size_t i = 0; i < frames.size(); ++i) {
        const Image& f = frames[i];
        if (f.width != w || f.height != h || f.empty() ||
            f.rgb.size() != static_cast<std::size_t>(f.width) * f.height * 3)
            fail(ErrorCode::InvalidArgument, path.string() + ": frame " + std::to_string(i + 1) +
                                                 " is empty or differs in size from the first frame (" +
                                                 std::to_string(w) + "x" + std::to_string(h) + ")");
    }
    std::error_code ec;
    if (fs::exists(fs::symlink_status(path, ec)))
        fail(ErrorCode::OutputExists, path.string() + ": already exists; not overwriting it (choose another name)");
    ensureWritableDir(path.parent_path(), false);
}

// Edge-replicates the last column/row so both sides are even (4:2:0 chroma needs it).
Image padToEven(const Image& in)
{
    if (in.width % 2 == 0 && in.height % 2 == 0)
        return in;
    Image out(in.width + in.width % 2, in.height + in.height % 2);
    for (int y = 0; y < out.height; ++y) {
        const int sy = std::min(y, in.height - 1);
        std::copy_n(in.pixel(0, sy), 3 * in.width, out.pixel(0, y));
        if (out.width != in.width)
            std::copy_n(in.pixel(in.width - 1, sy), 3, out.pixel(in.width, y));
    }
    return out;
}

void reportFrame(const EncodeOptions& options, std::size_t index, std::size_t total)
{
    if (options.onFrame)
        options.onFrame(static_cast<int>(index + 1), static_cast<int>(total));
}

void setOption(void* obj, const char* key, const std::string& value)
{
    av_opt_set(obj, key, value.c_str(), AV_OPT_SEARCH_CHILDREN);
}

// Everything after the frames are known: open the codec and muxer, feed the frames, finish the file.
class AvWriter {
public:
    AvWriter(const fs::path& target, const fs::path& tmp, const EncodeOptions& options, int width, int height)
        : m_target(target), m_options(options)
    {
        const bool gif = options.format == OutputFormat::Gif;
        const char* muxer = options.format == OutputFormat::WebM ? "webm" : gif ? "gif" : "mp4";
        const char* encoderName = options.format == OutputFormat::WebM ? "libvpx-vp9" : gif ? "gif" : "libx264";
        const std::string url = "file:" + tmp.string();
        int err = avformat_alloc_output_context2(&m_out.ctx, nullptr, muxer, url.c_str());
        if (err < 0 || !m_out.ctx)
            failAv(err, target, std::string("the ") + muxer + " muxer is not available in this FFmpeg");
        const AVCodec* codec = avcodec_find_encoder_by_name(encoderName);
        if (!codec)
            fail(ErrorCode::EncoderFailed, target.string() + ": FFmpeg has no " + encoderName +
                                               " encoder; install the distribution's full FFmpeg libraries");
        m_codec.reset(avcodec_alloc_context3(codec));
        AVCodecContext* c = m_codec.get();
        c->width = width;
        c->height = height;
        c->time_base = gif ? AVRational{1, 100} : AVRational{1, options.fps};
        c->framerate = AVRational{options.fps, 1};
        c->pix_fmt = gif ? AV_PIX_FMT_PAL8 : AV_PIX_FMT_YUV420P;
        if (!gif) {
            c->gop_size = std::max(1, options.fps * 2); // a keyframe every 2 s keeps scrubbing cheap
            c->color_range = AVCOL_RANGE_MPEG;
            c->colorspace = AVCOL_SPC_BT709;
            c->color_primaries = AVCOL_PRI_BT709;
            c->color_trc = AVCOL_TRC_BT709;
        }
        if (m_out.ctx->oformat->flags & AVFMT_GLOBALHEADER)
            c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
        if (options.format == OutputFormat::Mp4) {
            setOption(c->priv_data, "preset", "medium");
            setOption(c->priv_data, "crf", std::to_string(std::clamp(options.crf, 0, 51)));
        } else if (options.format == OutputFormat::WebM) {
            // VP9's constant-quality scale is coarser than x264's: crf 18 (x264) ~ 31 (VP9).
            setOption(c->priv_data, "crf", std::to_string(std::clamp(options.crf + 13, 0, 63)));
            c->bit_rate = 0;
            setOption(c->priv_data, "deadline", "good");
            setOption(c->priv_data, "cpu-used", "4");
            setOption(c->priv_data, "row-mt", "1");
        }
        if ((err = avcodec_open2(c, codec, nullptr)) < 0)
            failAv(err, target, std::string("cannot open the ") + encoderName + " encoder");

        m_stream = avformat_new_stream(m_out.ctx, nullptr);
        if (!m_stream)
            fail(ErrorCode::OutOfMemory, target.string() + ": cannot allocate the video stream");
        m_stream->time_base = c->time_base;
        m_stream->avg_frame_rate = c->framerate;
        m_stream->r_frame_rate = c->framerate;
        if ((err = avcodec_parameters_from_context(m_stream->codecpar, c)) < 0)
            failAv(err, target, "cannot set the stream parameters");
        for (const auto& [key, value] : options.metadata)
            av_dict_set(&m_out.ctx->metadata, key.c_str(), value.c_str(), 0);

        if (gif) {
            m_out.memory = true; // patched with the recipe comment before it is written out
            if ((err = avio_open_dyn_buf(&m_out.ctx->pb)) < 0)
                failAv(err, target, "cannot allocate the GIF buffer");
        } else if ((err = avio_open(&m_out.ctx->pb, url.c_str(), AVIO_FLAG_WRITE)) < 0) {
            failAv(err, target, "cannot create the file");
        }
        AVDictionary* muxOptions = nullptr;
        if (options.format == OutputFormat::Mp4)
            av_dict_set(&muxOptions, "movflags", "+faststart+use_metadata_tags", 0);
        if (gif)
            av_dict_set(&muxOptions, "loop", "0", 0); // loop forever
        err = avformat_write_header(m_out.ctx, &muxOptions);
        av_dict_free(&muxOptions);
        if (err < 0)
            failAv(err, target, "cannot write the file header");
        m_out.headerWritten = true;

        m_frame.reset(av_frame_alloc());
        m_packet.reset(av_packet_alloc());
        m_frame->format = c->pix_fmt;
        m_frame->width = width;
        m_frame->height = height;
        if (!m_frame || !m_packet || av_frame_get_buffer(m_frame.get(), 0) < 0)
            fail(ErrorCode::OutOfMemory, target.string() + ": cannot allocate a video frame");
    }

    AVFrame* frameToFill()
    {
        if (av_frame_make_writable(m_frame.get()) < 0)
            fail(ErrorCode::OutOfMemory, m_target.string() + ": cannot allocate a video frame");
        return m_frame.get();
    }

    // Sends the filled frame as frame number `index` (0-based).
    void send(int index)
    {
        m_frame->pts = m_options.format == OutputFormat::Gif
                           ? std::llround(index * 100.0 / m_options.fps)
                           : index;
        encode(m_frame.get());
    }

    // Flushes the encoder and writes the trailer (MP4: moves the index to the front for +faststart).
    void finish()
    {
        encode(nullptr);
        const int err = av_write_trailer(m_out.ctx);
        m_out.trailerWritten = true;
        if (err < 0)
            failAv(err, m_target, "cannot finish the file");
        if (m_out.ctx->pb->error < 0)
            failAv(m_out.ctx->pb->error, m_target, "write error");
        if (!m_out.memory) {
            const int closeErr = avio_closep(&m_out.ctx->pb);
            if (closeErr < 0)
                failAv(closeErr, m_target, "cannot close the file");
        }
    }

    // GIF only: the finished file's bytes.
    std::string takeBytes()
    {
        std::uint8_t* buf = nullptr;
        const int size = avio_close_dyn_buf(m_out.ctx->pb, &buf);
        m_out.ctx->pb = nullptr;
        std::string bytes(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(std::max(size, 0)));
        av_free(buf);
        return bytes;
    }

private:
    void encode(AVFrame* frame)
    {
        int err = avcodec_send_frame(m_codec.get(), frame);
        if (err < 0)
            failAv(err, m_target, "the encoder refused a frame");
        while ((err = avcodec_receive_packet(m_codec.get(), m_packet.get())) >= 0) {
            if (m_options.format == OutputFormat::Gif) {
                // GIF delays are in 1/100 s; the muxer needs each packet's duration for the last frame.
                const auto k = m_packetCount;
                m_packet->duration = std::llround((k + 1) * 100.0 / m_options.fps) - std::llround(k * 100.0 / m_options.fps);
            }
            ++m_packetCount;
            av_packet_rescale_ts(m_packet.get(), m_codec->time_base, m_stream->time_base);
            m_packet->stream_index = m_stream->index;
            err = av_interleaved_write_frame(m_out.ctx, m_packet.get());
            if (err < 0)
                failAv(err, m_target, "cannot write a frame");
        }
        if (err != AVERROR(EAGAIN) && err != AVERROR_EOF)
            failAv(err, m_target, "the encoder failed");
    }

    fs::path m_target;
    EncodeOptions m_options;
    Output m_out;
    CodecContextPtr m_codec;
    AVStream* m_stream = nullptr;
    FramePtr m_frame;
    PacketPtr m_packet;
    std::int64_t m_packetCount = 0;
};

void encodeYuv(const std::vector<Image>& frames, const fs::path& path, const EncodeOptions& options,
               const CancelToken& cancel)
{
    const fs::path tmp = tempPathFor(path);
    TempGuard guard(tmp);
    const int w = frames.front().width + frames.front().width % 2;
    const int h = frames.front().height + frames.front().height % 2;
    {
        AvWriter writer(path, tmp, options, w, h);
        // RGB (full range, sRGB) to BT.709 limited-range 4:2:0, chroma filtered rather than point-sampled.
        SwsPtr sws(sws_getContext(w, h, AV_PIX_FMT_RGB24, w, h, AV_PIX_FMT_YUV420P,
                                  SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INP, nullptr, nullptr, nullptr));
        if (!sws)
            fail(ErrorCode::EncoderFailed, path.string() + ": cannot set up the colour conversion");
        const int* coefficients = sws_getCoefficients(SWS_CS_ITU709);
        sws_setColorspaceDetails(sws.get(), coefficients, 1, coefficients, 0, 0, 1 << 16, 1 << 16);
        for (std::size_t i = 0; i < frames.size(); ++i) {
            cancel.throwIfCancelled();
            const Image padded = padToEven(frames[i]);
            AVFrame* f = writer.frameToFill();
            const std::uint8_t* src[1] = {padded.rgb.data()};
            const int srcStride[1] = {3 * padded.width};
            sws_scale(sws.get(), src, srcStride, 0, h, f->data, f->linesize);
            writer.send(static_cast<int>(i));
            reportFrame(options, i, frames.size());
        }
        cancel.throwIfCancelled();
        writer.finish();
    }
    renameNoReplace(tmp, path);
    guard.commit();
}

// Inserts a GIF Comment Extension (0x21 0xFE, sub-blocks of <= 255 bytes, 0 terminator) right after the
// logical screen descriptor and global colour table, where any decoder accepts extensions.
std::string withGifComment(std::string gif, const std::string& comment)
{
    if (comment.empty() || gif.size() < 13)
        return gif;
    std::size_t pos = 13;
    const auto flags = static_cast<unsigned char>(gif[10]);
    if (flags & 0x80)
        pos += 3u * (2u << (flags & 7));
    if (pos > gif.size())
        return gif;
    std::string block("\x21\xFE", 2);
    for (std::size_t i = 0; i < comment.size(); i += 255) {
        const std::size_t n = std::min<std::size_t>(255, comment.size() - i);
        block += static_cast<char>(n);
        block.append(comment, i, n);
    }
    block += '\0';
    gif.insert(pos, block);
    return gif;
}

std::string recipeOf(const EncodeOptions& options)
{
    for (const char* key : {"i2v_recipe", "comment"}) {
        const auto it = options.metadata.find(key);
        if (it != options.metadata.end())
            return it->second;
    }
    return {};
}

void encodeGif(const std::vector<Image>& frames, const fs::path& path, const EncodeOptions& options,
               const CancelToken& cancel)
{
    const int w = frames.front().width, h = frames.front().height;
    PaletteMapper mapper(buildPalette(frames));
    std::string bytes;
    {
        AvWriter writer(path, tempPathFor(path), options, w, h);
        for (std::size_t i = 0; i < frames.size(); ++i) {
            cancel.throwIfCancelled();
            AVFrame* f = writer.frameToFill();
            mapper.map(frames[i], f->data[0], f->linesize[0]);
            auto* pal = reinterpret_cast<std::uint32_t*>(f->data[1]);
            for (int k = 0; k < 256; ++k) {
                const Rgb c = k < static_cast<int>(mapper.palette().size()) ? mapper.palette()[k] : Rgb{0, 0, 0};
                pal[k] = 0xFF000000u | (std::uint32_t(c[0]) << 16) | (std::uint32_t(c[1]) << 8) | c[2];
            }
            writer.send(static_cast<int>(i));
            reportFrame(options, i, frames.size());
        }
        cancel.throwIfCancelled();
        writer.finish();
        bytes = writer.takeBytes();
    }
    cancel.throwIfCancelled();
    writeFileAtomic(path, withGifComment(std::move(bytes), recipeOf(options)));
}

void encodePngFrames(const std::vector<Image>& frames, const fs::path& dir, const EncodeOptions& options,
                     const CancelToken& cancel)
{
    const fs::path tmp = tempPathFor(dir);
    TempGuard guard(tmp);
    std::error_code ec;
    if (!fs::create_directory(tmp, ec) || ec)
        fail(ErrorCode::OutputUnwritable, dir.string() + ": cannot create the frames folder (" + ec.message() + ")");
    for (std::size_t i = 0; i < frames.size(); ++i) {
        cancel.throwIfCancelled();
        char name[32];
        std::snprintf(name, sizeof name, "frame_%04zu.png", i + 1);
        writeFileAtomic(tmp / name, encodePng(frames[i]));
        reportFrame(options, i, frames.size());
    }
    const std::string recipe = recipeOf(options);
    if (!recipe.empty())
        writeFileAtomic(tmp / "recipe.json", recipe);
    cancel.throwIfCancelled();
    renameNoReplace(tmp, dir);
    guard.commit();
}

} // namespace

void encodeVideo(const std::vector<Image>& frames, const std::filesystem::path& requested,
                 const EncodeOptions& options, const CancelToken& cancel)
{
    installAvLogSink();
    // "out/frames/" names the folder "out/frames".
    const fs::path path = requested.has_filename() ? requested : requested.parent_path();
    validate(frames, path, options);
    cancel.throwIfCancelled();
    try {
        switch (options.format) {
        case OutputFormat::Mp4:
        case OutputFormat::WebM: encodeYuv(frames, path, options, cancel); break;
        case OutputFormat::Gif: encodeGif(frames, path, options, cancel); break;
        case OutputFormat::PngFrames: encodePngFrames(frames, path, options, cancel); break;
        }
    } catch (const std::bad_alloc&) {
        fail(ErrorCode::OutOfMemory, path.string() + ": out of memory while encoding " +
                                         formatLabel(options.format));
    }
}

} // namespace i2v
