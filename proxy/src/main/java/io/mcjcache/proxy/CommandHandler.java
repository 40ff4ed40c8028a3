package io.mcjcache.proxy;

import io.mcjcache.cluster.StoreException;
import io.mcjcache.transport.ItemTooLargeException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs each framed {@link Request} and writes its answer. It runs on an executor group beside the event
 * loops, one executor per connection, because store calls block for up to an op timeout per node tried;
 * so a connection's answers keep the order of its requests. Classic commands go to {@link TextCommands},
 * meta commands to {@link MetaCommands}. A store failure is a {@code SERVER_ERROR} line and the connection
 * stays open, as with memcached. A classic command that ends in {@code noreply} gets no answer at all, not
 * even an error: memcached 1.6 stays silent too, and clients that pipeline {@code noreply} writes (pymemcache
 * by default) would otherwise read a stray error as the answer to their next request.
 */
@Sharable
final class CommandHandler extends SimpleChannelInboundHandler<Request> {
  private static final Logger LOG = Logger.getLogger(CommandHandler.class.getName());

  private final TextCommands text;
  private final MetaCommands meta;
  private final ProxyFigures figures;

  CommandHandler(TextCommands text, MetaCommands meta, ProxyFigures figures) {
    this.text = text;
    this.meta = meta;
    this.figures = figures;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.log(Level.FINE, "connection " + ctx.channel().remoteAddress() + " failed", cause);
    ctx.close();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Request request) {
    boolean silent = TextCommands.silenced(request.tokens());
    if (request.answer() != null) {
      figures.countAnswer(request.answer());
      if (silent && !request.closeAfter()) {
        return;
      }
      ByteBuf out = line(ctx, request.answer());
      if (request.closeAfter()) {
        ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
      } else {
        ctx.writeAndFlush(out);
      }
      return;
    }
    Answer answer;
    try {
      answer = MetaCommands.handles(request.command()) ? meta.execute(ctx.alloc(), request)
          : text.execute(ctx.alloc(), request);
    } catch (ItemTooLargeException e) {
      answer = Answer.say(TextCommands.TOO_LARGE);
    } catch (StoreException e) {
      answer = Answer.say("SERVER_ERROR " + oneLine(e.getMessage()));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "request failed: " + request.command(), e);
      answer = Answer.say("SERVER_ERROR " + oneLine(e.toString()));
    }
    if (answer == Answer.QUIT) {
      ctx.close();
    } else if (answer.buffer() != null) {
      ctx.writeAndFlush(answer.buffer());
    } else if (answer.line() != null) {
      figures.countAnswer(answer.line());
      if (!silent) {
        ctx.writeAndFlush(line(ctx, answer.line()));
      }
    }
  }

  private static ByteBuf line(ChannelHandlerContext ctx, String line) {
    ByteBuf out = ctx.alloc().buffer(line.length() + 2);
    out.writeCharSequence(line, StandardCharsets.ISO_8859_1);
    out.writeCharSequence("\r\n", StandardCharsets.ISO_8859_1);
    return out;
  }

  private static String oneLine(String message) {
    String text = message == null ? "store failure" : message;
    return text.replace('\r', ' ').replace('\n', ' ');
  }
}
