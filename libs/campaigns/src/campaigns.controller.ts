import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { actorOf, AuthUser, CurrentUser, Roles } from '@yunzhao/core';
import { CampaignsService } from './campaigns.service';
import {
  AddCategoryDto,
  CreateCampaignDto,
  CreatePostDto,
  ListPostsQuery,
  UpdateCampaignDto,
  UpdateCategoryDto,
  UpdatePostDto,
} from './dto/campaign.dto';

const uuid = () => new ParseUUIDPipe();

@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Get()
  list(@CurrentUser() user: AuthUser) {
    return this.campaigns.list(user.roles);
  }

  @Post()
  @Roles('hr', 'admin')
  create(@Body() body: CreateCampaignDto, @CurrentUser() user: AuthUser) {
    return this.campaigns.create(body, actorOf(user));
  }

  @Get(':id')
  get(@Param('id', uuid()) id: string, @CurrentUser() user: AuthUser) {
    return this.campaigns.get(id, user.roles);
  }

  @Patch(':id')
  @Roles('hr', 'admin')
  update(
    @Param('id', uuid()) id: string,
    @Body() body: UpdateCampaignDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.campaigns.update(id, body, actorOf(user));
  }

  @Post(':id/categories')
  @Roles('hr', 'admin')
  addCategory(
    @Param('id', uuid()) id: string,
    @Body() body: AddCategoryDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.campaigns.addCategory(id, body, actorOf(user));
  }

  @Patch(':id/categories/:categoryId')
  @Roles('hr', 'admin')
  updateCategory(
    @Param('id', uuid()) id: string,
    @Param('categoryId', uuid()) categoryId: string,
    @Body() body: UpdateCategoryDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.campaigns.updateCategory(id, categoryId, body, actorOf(user));
  }

  @Delete(':id/categories/:categoryId')
  @Roles('hr', 'admin')
  @HttpCode(204)
  removeCategory(
    @Param('id', uuid()) id: string,
    @Param('categoryId', uuid()) categoryId: string,
    @CurrentUser() user: AuthUser,
  ) {
    return this.campaigns.removeCategory(id, categoryId, actorOf(user));
  }

  @Get(':id/posts')
  listPosts(
    @Param('id', uuid()) id: string,
    @Query() query: ListPostsQuery,
    @CurrentUser() user: AuthUser,
  ) {
    return this.campaigns.listPosts(id, user.roles, query);
  }

  @Post(':id/posts')
  @Roles('hr', 'admin')
  createPost(
    @Param('id', uuid()) id: string,
    @Body() body: CreatePostDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.campaigns.createPost(id, body, actorOf(user));
  }

  @Patch(':id/posts/:postId')
  @Roles('hr', 'admin')
  updatePost(
    @Param('id', uuid()) id: string,
    @Param('postId', uuid()) postId: string,
    @Body() body: UpdatePostDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.campaigns.updatePost(id, postId, body, actorOf(user));
  }

  @Delete(':id/posts/:postId')
  @Roles('hr', 'admin')
  @HttpCode(204)
  removePost(
    @Param('id', uuid()) id: string,
    @Param('postId', uuid()) postId: string,
    @CurrentUser() user: AuthUser,
  ) {
    return this.campaigns.removePost(id, postId, actorOf(user));
  }
}
